import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (infra/stack/../..). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Default Kafka release; `KAFKA_VERSION` selects another (4.x works too). */
export const DEFAULT_KAFKA_VERSION = '3.9.1';

/** The most brokers `SKE_KAFKA_BROKERS` may ask for: their ports stay within the base's 100. */
export const MAX_BROKERS = 3;

/** The ports of one broker (broker 1 of a one-broker stack is also the KRaft controller). */
export interface BrokerPorts {
  /** Node id and service name: broker 1 is `kafka` (log kafka.log), the others `kafka-<n>`. */
  nodeId: number;
  service: string;
  plaintext: number;
  ssl: number;
  saslPlaintext: number;
  saslSsl: number;
  sslBadHost: number;
  /** SASL_SSL again, reached through the counting proxy: the proxy listens on `counted`, forwards to `countedBroker`. */
  counted: number;
  countedBroker: number;
}

/**
 * Every place and port the local stack uses. Ports come from one base
 * (`SKE_PORT_BASE`, default 19090) so two checkouts can run side by side:
 * base+0..10 for the services and broker 1, base+20.. and base+30.. for
 * brokers 2 and 3 (`SKE_KAFKA_BROKERS=3`). A stack never uses more than base+39,
 * so a second stack at base+50 fits in the same hundred.
 */
export interface StackLayout {
  stateDir: string;
  logDir: string;
  certDir: string;
  cacheDir: string;
  venvDir: string;
  kafkaVersion: string;
  /** Broker 1 first. One broker: combined broker and controller; more: broker-only nodes and one controller. */
  brokers: BrokerPorts[];
  ports: BrokerPorts & {
    /** The KRaft controller (broker 1 itself with one broker; a controller-only node with more). */
    controller: number;
    countedControl: number;
    oauth: number;
    aws: number;
  };
}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  const value = Number(raw ?? fallback);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name}: expected an integer between ${min} and ${max}; got "${raw}"`);
  }
  return value;
}

/** Broker n's ports: broker 1 keeps the historical base+2..9; broker n > 1 uses base+10n..10n+6. */
function brokerPorts(base: number, n: number): BrokerPorts {
  const service = n === 1 ? 'kafka' : `kafka-${n}`;
  if (n === 1) {
    return {
      nodeId: 1,
      service,
      plaintext: base + 2,
      ssl: base + 3,
      saslPlaintext: base + 4,
      saslSsl: base + 5,
      sslBadHost: base + 6,
      counted: base + 8,
      countedBroker: base + 9,
    };
  }
  const block = base + 10 * n;
  return {
    nodeId: n,
    service,
    plaintext: block,
    ssl: block + 1,
    saslPlaintext: block + 2,
    saslSsl: block + 3,
    sslBadHost: block + 4,
    counted: block + 5,
    countedBroker: block + 6,
    // block + 7..9 are free for more listeners.
  };
}

/** Reads the layout from the environment, with defaults for everything. */
export function stackLayout(env: NodeJS.ProcessEnv = process.env): StackLayout {
  const stateDir = resolve(env.SKE_STACK_DIR ?? join(ROOT, '.stack'));
  const base = intFrom(env, 'SKE_PORT_BASE', 19090, 1024, 65000);
  const count = intFrom(env, 'SKE_KAFKA_BROKERS', 1, 1, MAX_BROKERS);
  const brokers = Array.from({ length: count }, (_, i) => brokerPorts(base, i + 1));
  return {
    stateDir,
    logDir: join(stateDir, 'logs'),
    certDir: join(stateDir, 'certs'),
    // Kafka jars outlive the state folder (and the clone): first run downloads, later runs reuse.
    cacheDir: resolve(env.SKE_CACHE_DIR ?? join(homedir(), '.cache', 'serverless-kafka-exporter')),
    venvDir: resolve(env.SKE_VENV_DIR ?? join(ROOT, '.venv')),
    kafkaVersion: env.KAFKA_VERSION ?? DEFAULT_KAFKA_VERSION,
    brokers,
    ports: {
      ...brokers[0]!,
      controller: base + 7,
      countedControl: base + 10,
      oauth: base + 0,
      aws: base + 1,
    },
  };
}

/** Service names of a layout, in start order: OAuth, emulator, proxy, controller (when separate), brokers. */
export function serviceNames(layout: StackLayout): string[] {
  const controller = layout.brokers.length > 1 ? ['controller'] : [];
  return ['oauth', 'aws', 'proxy', ...controller, ...layout.brokers.map((b) => b.service)];
}

/** Every service any layout may run: what `stack:down` stops, whatever SKE_KAFKA_BROKERS says now. */
export const ALL_SERVICES = [
  'oauth',
  'aws',
  'proxy',
  'controller',
  'kafka',
  ...Array.from({ length: MAX_BROKERS - 1 }, (_, i) => `kafka-${i + 2}`),
];
