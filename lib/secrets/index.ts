export { getDefaultSecretCache, resetDefaultSecretCache } from './default-cache.ts';
export { isRetriableAwsError, SecretError, secretFetchError } from './errors.ts';
export type { SecretCache, SecretCacheOptions, SecretsClient } from './secret-cache.ts';
export { createSecretCache } from './secret-cache.ts';
export type { SecretPayload } from './secret-value.ts';
export { jsonKeyOf, secretText } from './secret-value.ts';
