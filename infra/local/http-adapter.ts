import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { type LambdaContextLike, localContext } from '../../lib/triggers/deadline.ts';

type Handler = (event: unknown, context: LambdaContextLike) => Promise<unknown>;

interface GatewayResult {
  statusCode: number;
  headers?: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    // API Gateway refuses payloads over 10 MB before Lambda runs; so do we.
    if (size > limit) throw Object.assign(new Error('payload too large'), { status: 413 });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The HTTP API (payload 2.0) event API Gateway would send for this request. */
export function toHttpApiEvent(req: IncomingMessage, body: Buffer): Record<string, unknown> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return {
    version: '2.0',
    routeKey: `${req.method} ${url.pathname}`,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    queryStringParameters: Object.fromEntries(url.searchParams),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: 'HTTP/1.1',
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: `${req.method} ${url.pathname}`,
      stage: '$default',
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
    },
    body: body.toString('base64'),
    isBase64Encoded: true,
  };
}

/**
 * A local stand-in for API Gateway: every request to localhost:port becomes
 * an HTTP API event for `handler`, and its reply goes back as the response.
 */
export function startLocalHttp(handler: Handler, port: number, timeoutMs = 25_000): Promise<Server> {
  const server = createServer(async (req, res) => {
    try {
      const body = await readBody(req, 10 * 1024 * 1024);
      const reply = (await handler(toHttpApiEvent(req, body), localContext(timeoutMs))) as GatewayResult;
      res.writeHead(reply.statusCode, reply.headers ?? {});
      res.end(reply.isBase64Encoded ? Buffer.from(reply.body ?? '', 'base64') : (reply.body ?? ''));
    } catch (err) {
      const status = (err as { status?: number }).status ?? 500;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: status === 413 ? 'payload too large' : 'internal error' }));
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
