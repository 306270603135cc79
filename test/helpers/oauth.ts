import { stack } from './stack.ts';

export interface OAuthStats {
  tokenRequests: number;
  tokensIssued: number;
  rejected: number;
  jwksRequests: number;
  tokenLifetimeSeconds: number;
}

/** Counters kept by the local OAuth server itself. */
export async function oauthStats(): Promise<OAuthStats> {
  return (await (await fetch(`${stack().oauth.url}/_stats`)).json()) as OAuthStats;
}

/** Changes the OAuth server's behaviour: token lifetime, an added delay, a forced error status (0 = none). */
export async function oauthControl(
  control: Partial<{ tokenLifetimeSeconds: number; delayMs: number; failStatus: number }>,
): Promise<void> {
  await fetch(`${stack().oauth.url}/_control`, { method: 'POST', body: JSON.stringify(control) });
}

/** A token with any claim overridden (aud, exp, iss, ...) or signed by a key the JWKS doesn't publish. */
export async function mintToken(overrides: Record<string, unknown>): Promise<string> {
  const res = await fetch(`${stack().oauth.url}/_mint`, { method: 'POST', body: JSON.stringify(overrides) });
  return ((await res.json()) as { access_token: string }).access_token;
}

/** A real token from the client-credentials grant, with the stack's client. */
export async function fetchToken(): Promise<string> {
  const { oauth } = stack();
  const body = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: oauth.clientId,
    client_secret: oauth.clientSecret,
  });
  const res = await fetch(oauth.tokenUrl, { method: 'POST', body });
  if (!res.ok) throw new Error(`token request failed: ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}
