import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (infra/stack/../..). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Default Kafka release; `KAFKA_VERSION` selects another (4.x works too). */
export const DEFAULT_KAFKA_VERSION = '3.9.1';

/**
 * Every place and port the local stack uses. Ports come from one base
 * (`SKE_PORT_BASE`, default 19090) so two checkouts can run side by side.
 */
export interface StackLayout {
  stateDir: string;
  logDir: string;
  certDir: string;
  cacheDir: string;
  venvDir: string;
  kafkaVersion: string;
  ports: {
    plaintext: number;
    ssl: number;
    saslPlaintext: number;
    saslSsl: number;
    sslBadHost: number;
    controller: number;
    /** SASL_SSL again, but reached through the counting proxy (proxy port, broker port, proxy control). */
    counted: number;
    countedBroker: number;
    countedControl: number;
    /** SASL_SSL with OAUTHBEARER verified as MSK IAM tokens. */
    iam: number;
    oauth: number;
    aws: number;
  };
}

/** Reads the layout from the environment, with defaults for everything. */
export function stackLayout(env: NodeJS.ProcessEnv = process.env): StackLayout {
  const stateDir = resolve(env.SKE_STACK_DIR ?? join(ROOT, '.stack'));
  const base = Number(env.SKE_PORT_BASE ?? 19090);
  if (!Number.isInteger(base) || base < 1024 || base > 65000) {
    throw new Error(`SKE_PORT_BASE: expected an integer between 1024 and 65000; got "${env.SKE_PORT_BASE}"`);
  }
  return {
    stateDir,
    logDir: join(stateDir, 'logs'),
    certDir: join(stateDir, 'certs'),
    // Kafka jars outlive the state folder (and the clone): first run downloads, later runs reuse.
    cacheDir: resolve(env.SKE_CACHE_DIR ?? join(homedir(), '.cache', 'serverless-kafka-exporter')),
    venvDir: resolve(env.SKE_VENV_DIR ?? join(ROOT, '.venv')),
    kafkaVersion: env.KAFKA_VERSION ?? DEFAULT_KAFKA_VERSION,
    ports: {
      plaintext: base + 2,
      ssl: base + 3,
      saslPlaintext: base + 4,
      saslSsl: base + 5,
      sslBadHost: base + 6,
      controller: base + 7,
      counted: base + 8,
      countedBroker: base + 9,
      countedControl: base + 10,
      iam: base + 15,
      oauth: base + 0,
      aws: base + 1,
    },
  };
}
