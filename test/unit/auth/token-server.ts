import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  form: URLSearchParams;
}

/** How the server answers the next requests; tests change it between calls. */
export interface Reply {
  status: number;
  /** An object is sent as JSON; a string as it is. */
  body: unknown;
  delayMs?: number;
  /** Never answer (a hung token endpoint). */
  hang?: boolean;
  /** Close the socket without answering (a crashed token endpoint). */
  drop?: boolean;
}

/**
 * A real OAuth token endpoint on 127.0.0.1 for unit tests: counts requests,
 * keeps their form bodies, answers with whatever `reply` says.
 */
export async function startTokenServer() {
  const requests: SeenRequest[] = [];
  const state = {
    reply: { status: 200, body: { access_token: 'token-1', expires_in: 3600 } } as Reply,
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        form: new URLSearchParams(Buffer.concat(chunks).toString('utf8')),
      });
      const reply = state.reply;
      if (reply.hang) return;
      if (reply.drop) {
        req.socket.destroy();
        return;
      }
      const send = () => {
        const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
        res.writeHead(reply.status, { 'Content-Type': 'application/json' });
        res.end(text);
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/realms/test/token`,
    requests,
    /** Sets the answer for the following requests. */
    reply(next: Reply) {
      state.reply = next;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type TokenServer = Awaited<ReturnType<typeof startTokenServer>>;
