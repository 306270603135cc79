import type { OAuthTokenCache } from './oauth-token-cache.ts';

/** What KafkaJS's `sasl.oauthBearerProvider` must resolve to. */
export interface OAuthBearerToken {
  value: string;
}

export interface OAuthBearerProviderOptions {
  /** Epoch ms by which a token is needed (the invocation's deadline); read on every call. */
  deadline?: () => number | undefined;
}

/**
 * The function for KafkaJS
 * `sasl: { mechanism: 'oauthbearer', oauthBearerProvider }`. KafkaJS calls it
 * for every connection it authenticates; the cache makes that one HTTP request
 * per token lifetime, however many brokers there are.
 */
export function oauthBearerProvider(
  cache: OAuthTokenCache,
  options: OAuthBearerProviderOptions = {},
): () => Promise<OAuthBearerToken> {
  return async () => {
    const token = await cache.getToken(options.deadline?.());
    return { value: token.value };
  };
}
