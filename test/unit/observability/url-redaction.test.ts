import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOAuthTokenCache } from '../../../lib/auth/index.ts';
import { SkeError } from '../../../lib/errors.ts';
import { Redactor, redactUrlUserinfo } from '../../../lib/observability/redactor.ts';
import { startTokenServer, type TokenServer } from '../auth/token-server.ts';

describe('URL user info', () => {
  it('is blanked in any text, registered or not', () => {
    expect(redactUrlUserinfo('Failed: https://app:s3cr%40t@idp.example/token and http://tok@h:1/x')).toBe(
      'Failed: https://***@idp.example/token and http://***@h:1/x',
    );
    expect(redactUrlUserinfo('mail bees@example.com, https://idp/token?x=a@b')).toBe(
      'mail bees@example.com, https://idp/token?x=a@b',
    );
    expect(new Redactor().redact('{"url":"https://u:p4ss@idp/t"}')).toBe('{"url":"https://***@idp/t"}');
  });

  it('never reaches the message of an error the functions throw', () => {
    const error = new SkeError(
      's3://b/k not read (Failed to fetch OAuth token: https://app:hunter22@idp/token)',
    );
    expect(error.message).not.toContain('hunter22');
    expect(error.stack).not.toContain('hunter22');
  });
});

describe('an oauth_token_url with user info', () => {
  let server: TokenServer;
  beforeAll(async () => {
    server = await startTokenServer();
  });
  afterAll(() => server.close());

  it('is sent as basic authentication (as Python requests does for Mage), never in the URL', async () => {
    const url = new URL(server.url);
    url.username = 'app';
    url.password = 'pa55:w@rd';
    const cache = createOAuthTokenCache({
      tokenUrl: url.toString(),
      clientId: 'c',
      clientSecret: 's',
      timeoutMs: 2000,
    });
    expect((await cache.getToken()).value).toBe('token-1');
    const seen = server.requests.at(-1)!;
    expect(seen.headers.authorization).toBe(`Basic ${Buffer.from('app:pa55:w@rd').toString('base64')}`);
    expect(seen.url).not.toContain('pa55');
  });
});
