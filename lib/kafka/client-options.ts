import type { ConnectionOptions } from 'node:tls';
import type { KafkaConfig, logCreator, SASLOptions } from 'kafkajs';

/** The part of the resolved exporter config that decides how to connect. */
export interface ConnectionSettings {
  brokers: string[];
  clientId: string;
  securityProtocol: 'PLAINTEXT' | 'SSL' | 'SASL_SSL' | 'SASL_PLAINTEXT';
  ssl?: { ca?: string; cert?: string; key?: string; passphrase?: string; checkHostname: boolean };
  sasl?: {
    mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512' | 'oauthbearer' | 'aws_msk_iam';
    username?: string;
    password?: string;
  };
}

export interface ClientOptionsDeps {
  /**
   * Supplies OAUTHBEARER tokens (the module-level token cache); required for that mechanism and for
   * AWS_MSK_IAM, whose SigV4-signed tokens travel as OAUTHBEARER tokens, as with MSK's own signers.
   */
  oauthBearerProvider?: () => Promise<{ value: string }>;
  logCreator?: logCreator;
  /** Client-side request timeout; the invocation deadline bounds it further. Default 30 s. */
  requestTimeoutMs?: number;
  connectionTimeoutMs?: number;
}

/**
 * TLS options from ssl_config, honoured in full under SSL and SASL_SSL (Mage
 * forwards only cafile under SASL_SSL). The certificate chain is always
 * verified; check_hostname: false skips only the host-name match.
 */
export function tlsOptions(ssl: ConnectionSettings['ssl']): ConnectionOptions {
  const options: ConnectionOptions = { rejectUnauthorized: true };
  if (ssl?.ca) options.ca = [ssl.ca];
  if (ssl?.cert) options.cert = ssl.cert;
  if (ssl?.key) options.key = ssl.key;
  if (ssl?.passphrase) options.passphrase = ssl.passphrase;
  if (ssl && !ssl.checkHostname) options.checkServerIdentity = () => undefined;
  return options;
}

function saslOptions(settings: ConnectionSettings, deps: ClientOptionsDeps): SASLOptions {
  const sasl = settings.sasl;
  if (!sasl) throw new Error(`security_protocol ${settings.securityProtocol} needs sasl_config`);
  if (sasl.mechanism === 'oauthbearer' || sasl.mechanism === 'aws_msk_iam') {
    if (!deps.oauthBearerProvider) throw new Error(`${sasl.mechanism.toUpperCase()} needs a token provider`);
    return { mechanism: 'oauthbearer', oauthBearerProvider: deps.oauthBearerProvider };
  }
  return {
    mechanism: sasl.mechanism,
    username: sasl.username ?? '',
    password: sasl.password ?? '',
  } as SASLOptions;
}

/** KafkaJS client options for the exporter config. */
export function kafkaClientOptions(settings: ConnectionSettings, deps: ClientOptionsDeps = {}): KafkaConfig {
  const usesTls = settings.securityProtocol === 'SSL' || settings.securityProtocol === 'SASL_SSL';
  const usesSasl = settings.securityProtocol === 'SASL_SSL' || settings.securityProtocol === 'SASL_PLAINTEXT';
  return {
    clientId: settings.clientId,
    brokers: settings.brokers,
    ...(usesTls ? { ssl: tlsOptions(settings.ssl) } : {}),
    ...(usesSasl ? { sasl: saslOptions(settings, deps) } : {}),
    connectionTimeout: deps.connectionTimeoutMs ?? 3000,
    authenticationTimeout: 10_000,
    requestTimeout: deps.requestTimeoutMs ?? 30_000,
    // A few quick retries: the invocation deadline, not KafkaJS's 5 retries up to 30 s, bounds the wait.
    retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 2000 },
    ...(deps.logCreator ? { logCreator: deps.logCreator } : {}),
  };
}
