export { isRetriableStatus, OAuthError } from './errors.ts';
export type { OAuthBearerProviderOptions, OAuthBearerToken } from './oauth-bearer-provider.ts';
export { oauthBearerProvider } from './oauth-bearer-provider.ts';
export type { OAuthToken, OAuthTokenCache, OAuthTokenCacheOptions } from './oauth-token-cache.ts';
export { createOAuthTokenCache } from './oauth-token-cache.ts';
export type { TokenRequest, TokenResponse } from './token-request.ts';
export { DEFAULT_EXPIRES_IN_SECONDS, requestToken } from './token-request.ts';
