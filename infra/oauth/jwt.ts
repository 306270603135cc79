import { createPublicKey, createSign, type KeyObject, randomUUID } from 'node:crypto';

/** The signing key of the local OAuth server, with the `kid` its JWKS publishes. */
export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
}

const b64url = (input: Buffer | string) => Buffer.from(input).toString('base64url');

/** The JWKS document for the key: what the broker fetches to validate tokens. */
export function jwks(key: SigningKey): { keys: object[] } {
  const jwk = createPublicKey(key.privateKey).export({ format: 'jwk' });
  return { keys: [{ ...jwk, kid: key.kid, use: 'sig', alg: 'RS256' }] };
}

/** Signs claims as an RS256 JWT. */
export function signJwt(key: SigningKey, claims: Record<string, unknown>): string {
  const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: key.kid }));
  const payload = b64url(JSON.stringify(claims));
  const signature = createSign('RSA-SHA256').update(`${header}.${payload}`).sign(key.privateKey);
  return `${header}.${payload}.${b64url(signature)}`;
}

/** Standard claims of an access token issued now for `lifetimeSeconds`. */
export function accessTokenClaims(opts: {
  issuer: string;
  audience: string;
  subject: string;
  lifetimeSeconds: number;
  scope?: string;
  now?: number;
}): Record<string, unknown> {
  const iat = Math.floor((opts.now ?? Date.now()) / 1000);
  return {
    iss: opts.issuer,
    aud: opts.audience,
    sub: opts.subject,
    iat,
    exp: iat + opts.lifetimeSeconds,
    jti: randomUUID(),
    ...(opts.scope ? { scope: opts.scope } : {}),
  };
}
