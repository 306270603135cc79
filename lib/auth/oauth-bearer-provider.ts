/** A cache of bearer tokens: the OAuth client-credentials cache or the MSK IAM token cache. */
export interface BearerTokenSource {
  getToken(deadline?: number): Promise<{ value: string }>;
}

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
 * for every connection it authenticates (and re-authenticates); the cache makes
 * that one HTTP request (or one signing) per token lifetime, however many
 * brokers there are.
 */
export function oauthBearerProvider(
  cache: BearerTokenSource,
  options: OAuthBearerProviderOptions = {},
): () => Promise<OAuthBearerToken> {
  return async () => {
    const token = await cache.getToken(options.deadline?.());
    return { value: token.value };
  };
}
