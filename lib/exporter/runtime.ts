import type { KafkaConfig } from 'kafkajs';
import { createOAuthTokenCache, type OAuthTokenCache, oauthBearerProvider } from '../auth/index.ts';
import type { ResolvedConfig } from '../config/index.ts';
import { type LoadDeps, loadConfig } from '../config/index.ts';
import { connectionKey, kafkaClientOptions, producerKey } from '../kafka/index.ts';
import { kafkaJsLogCreator, type Logger, type Redactor } from '../observability/index.ts';
import type { RecordEncoder, RegistryDeps } from '../registry/encoder.ts';
import { lazyRecordEncoder } from '../registry/lazy.ts';
import type { SecretCache } from '../secrets/index.ts';

/** Everything an export needs that is worth keeping between invocations. */
export interface Runtime {
  config: ResolvedConfig;
  /** Fingerprint of the connection settings: the producer pool's key. */
  producerKey: string;
  kafkaOptions: () => KafkaConfig;
  /**
   * Makes sure credentials that come from elsewhere (an OAuth token) are at
   * hand before Kafka is contacted, so their failure is reported as itself
   * ("Failed to fetch OAuth token: ...") rather than as a broken SASL exchange.
   */
  ensureCredentials?: (deadline: number) => Promise<void>;
  /** With `schema_registry`: the encoder for its wire format, loaded on first use. */
  encoder?: () => Promise<RecordEncoder>;
  resolvedAt: number;
}

export interface RuntimeDeps {
  env: Record<string, string | undefined>;
  secrets: SecretCache;
  logger: Logger;
  redactor: Redactor;
  now: () => number;
  fetch?: typeof fetch;
  locate?: LoadDeps['locate'];
  /** Clients of the schema registry (tests point Glue at the emulator). */
  registry?: RegistryDeps;
}

/** Registers every secret the resolved config carries, so no log line can show it. */
function registerSecrets(config: ResolvedConfig, redactor: Redactor): void {
  redactor.add(config.sasl?.password);
  redactor.add(config.sasl?.oauth?.clientSecret);
  redactor.add(config.ssl?.passphrase);
  redactor.add(config.ssl?.key);
  redactor.add(config.http.secret);
  redactor.add(config.schemaRegistry?.basic_auth?.password);
}

/**
 * Builds (and rebuilds) the runtime: loads the config (loadConfig, the one
 * orchestration), registers its secrets with the redactor, and wires the OAuth
 * token cache. OAuth caches are kept per token endpoint and
 * client, so a config re-resolved with the same client keeps its token.
 */
export class RuntimeLoader {
  private readonly tokenCaches = new Map<string, OAuthTokenCache>();
  private currentDeadline: number | undefined;

  constructor(private readonly deps: RuntimeDeps) {}

  /** Deadline of the invocation in progress; bounds OAuth requests KafkaJS makes while connecting. */
  setDeadline(deadline: number | undefined): void {
    this.currentDeadline = deadline;
  }

  async load(): Promise<Runtime> {
    const { deps } = this;
    const config = await loadConfig({
      env: deps.env,
      ...(deps.locate ? { locate: deps.locate } : {}),
      getSecret: async (id, jsonKey) => {
        const value = await deps.secrets.get(id, jsonKey);
        deps.redactor.add(value);
        return value;
      },
      onWarning: (w, source) => deps.logger.warn(`config warning: ${w.path}: ${w.message}`, { source }),
    });
    registerSecrets(config, deps.redactor);
    const provider = this.oauthProvider(config);
    const tokens = this.tokenCache(config);
    const logCreator = kafkaJsLogCreator(deps.logger.child({ component: 'kafkajs' }));
    return {
      ...(tokens
        ? { ensureCredentials: async (deadline: number) => void (await tokens.getToken(deadline)) }
        : {}),
      ...(config.schemaRegistry
        ? {
            encoder: lazyRecordEncoder(config.schemaRegistry, {
              ...(deps.fetch ? { fetch: deps.fetch } : {}),
              ...deps.registry,
            }),
          }
        : {}),
      config,
      producerKey: connectionKey(config),
      kafkaOptions: () => kafkaClientOptions(config, { oauthBearerProvider: provider, logCreator }),
      resolvedAt: deps.now(),
    };
  }

  /** Forgets cached tokens: after the broker refused one. */
  invalidateTokens(): void {
    for (const cache of this.tokenCaches.values()) cache.invalidate();
  }

  /** The token cache for the config's OAuth client, one per client for the life of the container. */
  private tokenCache(config: ResolvedConfig): OAuthTokenCache | undefined {
    const oauth = config.sasl?.oauth;
    if (config.sasl?.mechanism !== 'oauthbearer' || !oauth) return undefined;
    const key = producerKey([oauth.tokenUrl, oauth.clientId, oauth.clientSecret, oauth.scope]);
    let cache = this.tokenCaches.get(key);
    if (!cache) {
      cache = createOAuthTokenCache({
        ...oauth,
        ...(this.deps.fetch ? { fetch: this.deps.fetch } : {}),
        now: this.deps.now,
      });
      this.tokenCaches.set(key, cache);
    }
    return cache;
  }

  private oauthProvider(config: ResolvedConfig) {
    const cache = this.tokenCache(config);
    if (!cache) return undefined;
    const provider = oauthBearerProvider(cache, { deadline: () => this.currentDeadline });
    return async () => {
      const token = await provider();
      this.deps.redactor.add(token.value);
      return token;
    };
  }
}
