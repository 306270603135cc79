import { describe, expect, it } from 'vitest';
import { authenticate, constantTimeEqual, signBody } from '../../../../lib/triggers/http/auth.ts';

const body = Buffer.from('{"data":1}');
const NOW = 1_800_000_000_000;
const settings = (auth: 'api_key' | 'hmac' | 'gateway' | 'none', secret?: string) => ({
  auth,
  ...(secret ? { secret } : {}),
  hmac_max_skew_seconds: 300,
});
const check = (headers: Record<string, string>, s: ReturnType<typeof settings>, authorizer?: unknown) =>
  authenticate(
    { headers, authorizer },
    () => body,
    s,
    () => NOW,
  );
const ts = String(NOW / 1000);

describe('HTTP authentication', () => {
  it.each([
    [
      'api_key: the right key passes',
      check({ 'x-api-key': 'k-123456' }, settings('api_key', 'k-123456')),
      { ok: true },
    ],
    ['api_key: no key is 401', check({}, settings('api_key', 'k-123456')), { ok: false, status: 401 }],
    [
      'api_key: a wrong key is 403',
      check({ 'x-api-key': 'nope' }, settings('api_key', 'k-123456')),
      { ok: false, status: 403 },
    ],
    [
      'api_key without a configured secret refuses everyone',
      check({ 'x-api-key': '' }, settings('api_key')),
      { ok: false, status: 401 },
    ],
    [
      'hmac: a correct signature passes',
      check(
        { 'x-ske-timestamp': ts, 'x-ske-signature': signBody('s3cret', ts, body) },
        settings('hmac', 's3cret'),
      ),
      { ok: true },
    ],
    [
      'hmac: a signature over another body is 403',
      check(
        { 'x-ske-timestamp': ts, 'x-ske-signature': signBody('s3cret', ts, 'other') },
        settings('hmac', 's3cret'),
      ),
      { ok: false, status: 403 },
    ],
    [
      'hmac: a stale timestamp (replay) is 401',
      check(
        {
          'x-ske-timestamp': String(NOW / 1000 - 301),
          'x-ske-signature': signBody('s3cret', String(NOW / 1000 - 301), body),
        },
        settings('hmac', 's3cret'),
      ),
      { ok: false, status: 401 },
    ],
    [
      'hmac: an upper-case digest and an upper-case SHA256= label pass',
      check(
        { 'x-ske-timestamp': ts, 'x-ske-signature': signBody('s3cret', ts, body).toUpperCase() },
        settings('hmac', 's3cret'),
      ),
      { ok: true },
    ],
    [
      'hmac: a malformed timestamp is 401 and says so, not "not within 300 s"',
      check(
        { 'x-ske-timestamp': '2024-06-17T10:00:00Z', 'x-ske-signature': 'sha256=00' },
        settings('hmac', 's3cret'),
      ),
      { ok: false, status: 401, reason: 'x-ske-timestamp is not a Unix time in whole seconds' },
    ],
    ['hmac: missing headers is 401', check({}, settings('hmac', 's3cret')), { ok: false, status: 401 }],
    [
      'gateway: an authorizer context passes',
      check({}, settings('gateway'), { principalId: 'u' }),
      { ok: true },
    ],
    ['gateway: no authorizer context is 401', check({}, settings('gateway')), { ok: false, status: 401 }],
    ['none lets anyone in', check({}, settings('none')), { ok: true }],
  ])('%s', (_name, outcome, expected) => {
    expect(outcome).toMatchObject(expected);
  });

  it('compares secrets of different lengths without throwing', () => {
    expect(constantTimeEqual('a', 'a-much-longer-value')).toBe(false);
    expect(constantTimeEqual('same', 'same')).toBe(true);
  });
});
