import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOAuthTokenCache, OAuthError } from '../../../lib/auth/index.ts';
import { startTokenServer, type TokenServer } from './token-server.ts';

const SECRET = 'the-client-secret';
let server: TokenServer;

beforeAll(async () => {
  server = await startTokenServer();
});
afterAll(async () => {
  await server.close();
});

async function failure(tokenUrl = server.url): Promise<OAuthError> {
  const cache = createOAuthTokenCache({
    tokenUrl,
    clientId: 'kafka-client',
    clientSecret: SECRET,
    timeoutMs: 2000,
  });
  const error = await cache.getToken().then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof OAuthError)) throw new Error(`expected an OAuthError, got ${String(error)}`);
  expect(error.message).not.toContain(SECRET);
  return error;
}

describe('OAuth token errors', () => {
  it('say "Invalid token response format: missing \'access_token\' field" when the token is missing', async () => {
    server.reply({ status: 200, body: { token_type: 'Bearer', expires_in: 300 } });
    const error = await failure();
    expect(error.message).toBe("Invalid token response format: missing 'access_token' field");
    expect(error.retriable).toBe(false);
  });

  it('report an HTTP error with status, URL and a short body excerpt, not retriable for 4xx', async () => {
    server.reply({
      status: 401,
      body: { error: 'invalid_client', error_description: 'Invalid client credentials' },
    });
    const error = await failure();
    expect(error.message).toBe(
      `Failed to fetch OAuth token: HTTP 401 Unauthorized from ${server.url}: {"error":"invalid_client","error_description":"Invalid client credentials"}`,
    );
    expect(error.retriable).toBe(false);
    expect(error.status).toBe(401);
  });

  it.each([500, 502, 503, 429, 408])('are retriable for HTTP %i', async (status) => {
    server.reply({ status, body: 'try later' });
    expect((await failure()).retriable).toBe(true);
  });

  it('shorten a long error body', async () => {
    server.reply({ status: 500, body: `<html>${'x'.repeat(5000)}</html>` });
    expect((await failure()).message.length).toBeLessThan(400);
  });

  it('never repeat the client secret a server echoes back', async () => {
    server.reply({ status: 400, body: `bad request: client_secret=${SECRET}&client_id=kafka-client` });
    const error = await failure();
    expect(error.message).toContain('client_secret=***');
  });

  it('leave the query string out of the URL', async () => {
    server.reply({ status: 404, body: '' });
    const error = await failure(`${server.url}?api_key=abc`);
    expect(error.message).toBe(`Failed to fetch OAuth token: HTTP 404 Not Found from ${server.url}`);
  });

  it('report a refused connection as retriable', async () => {
    const closed = await startTokenServer();
    const url = closed.url;
    await closed.close();
    const error = await failure(url);
    expect(error.message).toMatch(/^Failed to fetch OAuth token: fetch failed: .*ECONNREFUSED/);
    expect(error.retriable).toBe(true);
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('report a dropped connection as retriable', async () => {
    server.reply({ status: 0, body: '', drop: true });
    const error = await failure();
    expect(error.message).toMatch(/^Failed to fetch OAuth token: /);
    expect(error.retriable).toBe(true);
  });

  it('say when a successful answer is not JSON', async () => {
    server.reply({ status: 200, body: '<html>login</html>' });
    expect((await failure()).message).toBe('Invalid token response format: the body is not JSON');
  });

  it('reject an empty access_token', async () => {
    server.reply({ status: 200, body: { access_token: '' } });
    expect((await failure()).message).toBe(
      "Invalid token response format: 'access_token' is not a non-empty string",
    );
  });

  it.each([0, -5, 'soon', true])('reject expires_in %s', async (expiresIn) => {
    server.reply({ status: 200, body: { access_token: 't', expires_in: expiresIn } });
    expect((await failure()).message).toBe(
      "Invalid token response format: 'expires_in' is not a positive number of seconds",
    );
  });
});
