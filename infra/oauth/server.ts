/**
 * A small OAuth 2.0 authorization server for the local stack: the
 * client-credentials grant (client id + secret checked), a JWKS endpoint the
 * broker validates tokens against, a configurable token lifetime, and control
 * endpoints tests use to count token requests, slow or fail the server, and
 * mint deliberately bad tokens (wrong audience, expired).
 *
 * Run as its own process (`tsx infra/oauth/server.ts`) so tests can kill and
 * restart it. Configured by environment:
 *   OAUTH_PORT, OAUTH_ISSUER, OAUTH_AUDIENCE, OAUTH_CLIENTS (JSON {id: secret}),
 *   OAUTH_TOKEN_LIFETIME_S (default 3600), OAUTH_KEY_FILE (PEM, created if absent).
 */
import { createHash, createPrivateKey, generateKeyPairSync, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { accessTokenClaims, jwks, type SigningKey, signJwt } from './jwt.ts';

interface Control {
  tokenLifetimeSeconds: number;
  delayMs: number;
  failStatus: number;
}

const env = process.env;
const port = Number(env.OAUTH_PORT ?? 19090);
const issuer = env.OAUTH_ISSUER ?? `http://localhost:${port}`;
const audience = env.OAUTH_AUDIENCE ?? 'kafka-broker';
const clients: Record<string, string> = JSON.parse(env.OAUTH_CLIENTS ?? '{}');
const control: Control = {
  tokenLifetimeSeconds: Number(env.OAUTH_TOKEN_LIFETIME_S ?? 3600),
  delayMs: 0,
  failStatus: 0,
};
const stats = { tokenRequests: 0, tokensIssued: 0, rejected: 0, jwksRequests: 0 };

function loadKey(file: string | undefined): SigningKey {
  // A key kept on disk survives restarts, so tokens issued before a restart stay valid.
  if (file && existsSync(file)) {
    const pem = readFileSync(file, 'utf8');
    return { kid: kidOf(pem), privateKey: createPrivateKey(pem) };
  }
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  if (file) writeFileSync(file, pem, { mode: 0o600 });
  return { kid: kidOf(pem), privateKey };
}

function kidOf(pem: string): string {
  return createHash('sha256').update(pem).digest('hex').slice(0, 16);
}

const key = loadKey(env.OAUTH_KEY_FILE);

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Client credentials from the form body (as Mage sends them) or HTTP Basic. */
function clientCredentials(req: IncomingMessage, form: URLSearchParams): { id?: string; secret?: string } {
  const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '');
  if (basic) {
    const [id, secret] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':');
    return { id: decodeURIComponent(id ?? ''), secret: decodeURIComponent(secret ?? '') };
  }
  return { id: form.get('client_id') ?? undefined, secret: form.get('client_secret') ?? undefined };
}

async function token(req: IncomingMessage, res: ServerResponse): Promise<void> {
  stats.tokenRequests++;
  if (control.delayMs > 0) await sleep(control.delayMs);
  if (control.failStatus > 0) return send(res, control.failStatus, { error: 'temporarily_unavailable' });
  const form = new URLSearchParams(await readBody(req));
  if (form.get('grant_type') !== 'client_credentials') {
    stats.rejected++;
    return send(res, 400, { error: 'unsupported_grant_type' });
  }
  const { id, secret } = clientCredentials(req, form);
  const expected = id ? clients[id] : undefined;
  if (!id || expected === undefined || !sameSecret(secret ?? '', expected)) {
    stats.rejected++;
    return send(res, 401, { error: 'invalid_client', error_description: 'client authentication failed' });
  }
  const scope = form.get('scope') ?? undefined;
  const lifetime = control.tokenLifetimeSeconds;
  const claims = accessTokenClaims({ issuer, audience, subject: id, lifetimeSeconds: lifetime, scope });
  stats.tokensIssued++;
  send(res, 200, { access_token: signJwt(key, claims), token_type: 'Bearer', expires_in: lifetime, scope });
}

/** Mints a token with any claims overridden: for tests of what the broker refuses. */
async function mint(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = JSON.parse((await readBody(req)) || '{}') as Record<string, unknown>;
  const { lifetimeSeconds = 300, foreignKey = false, ...overrides } = body;
  const base = accessTokenClaims({
    issuer,
    audience,
    subject: 'minted',
    lifetimeSeconds: Number(lifetimeSeconds),
  });
  const signer = foreignKey ? loadKey(undefined) : key;
  send(res, 200, { access_token: signJwt(signer, { ...base, ...overrides }) });
}

const server = createServer(async (req, res) => {
  try {
    const path = new URL(req.url ?? '/', issuer).pathname;
    if (req.method === 'POST' && path === '/token') return await token(req, res);
    if (req.method === 'GET' && (path === '/jwks' || path === '/.well-known/jwks.json')) {
      stats.jwksRequests++;
      return send(res, 200, jwks(key));
    }
    if (req.method === 'GET' && path === '/.well-known/openid-configuration') {
      return send(res, 200, { issuer, token_endpoint: `${issuer}/token`, jwks_uri: `${issuer}/jwks` });
    }
    if (req.method === 'GET' && path === '/_stats') return send(res, 200, { ...stats, ...control });
    if (req.method === 'POST' && path === '/_control') {
      Object.assign(control, JSON.parse((await readBody(req)) || '{}'));
      return send(res, 200, control);
    }
    if (req.method === 'POST' && path === '/_stats/reset') {
      Object.assign(stats, { tokenRequests: 0, tokensIssued: 0, rejected: 0, jwksRequests: 0 });
      return send(res, 200, stats);
    }
    if (req.method === 'POST' && path === '/_mint') return await mint(req, res);
    send(res, 404, { error: 'not_found' });
  } catch (err) {
    send(res, 500, { error: 'server_error', error_description: String(err) });
  }
});

server.listen(port, '127.0.0.1', () => {
  console.log(JSON.stringify({ msg: 'oauth server listening', issuer, audience, port, kid: key.kid }));
});
for (const signal of ['SIGTERM', 'SIGINT'] as const)
  process.on(signal, () => server.close(() => process.exit(0)));
