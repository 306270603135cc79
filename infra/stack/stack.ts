import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { ensureCertificates } from './certificates.ts';
import { ensureCredentials } from './credentials.ts';
import { ensureKafkaDistribution } from './kafka-distribution.ts';
import { startKafka } from './kafka-nodes.ts';
import { ALL_SERVICES, type StackLayout, serviceNames } from './layout.ts';
import { assertPortsFree } from './ports.ts';
import { checkPrerequisites } from './prerequisites.ts';
import { runningPid } from './processes.ts';
import {
  awsEndpoint,
  ensureVirtualenv,
  javaClasspath,
  OAUTH_AUDIENCE,
  oauthUrl,
  proxyControl,
  startAws,
  startOAuth,
  startProxy,
  stopNamed,
} from './services.ts';
import { type StackInfo, stackInfoPath } from './stack-info.ts';

/** Everything `up` prepares before starting processes: cached, so a warm start skips it all. */
function prepare(layout: StackLayout) {
  checkPrerequisites();
  mkdirSync(layout.logDir, { recursive: true });
  const certs = ensureCertificates(layout.certDir);
  const credentials = ensureCredentials(layout.stateDir);
  const libs = ensureKafkaDistribution(layout.cacheDir, layout.kafkaVersion);
  const python = ensureVirtualenv(layout.venvDir);
  return { certs, credentials, libs, python };
}

function describe(layout: StackLayout, prepared: ReturnType<typeof prepare>): StackInfo {
  const { certs, credentials, libs } = prepared;
  const host = (port: number) => `localhost:${port}`;
  const oauth = oauthUrl(layout);
  return {
    kafkaVersion: layout.kafkaVersion,
    bootstrap: {
      plaintext: host(layout.ports.plaintext),
      ssl: host(layout.ports.ssl),
      saslPlaintext: host(layout.ports.saslPlaintext),
      saslSsl: host(layout.ports.saslSsl),
      sslBadHost: host(layout.ports.sslBadHost),
      counted: host(layout.ports.counted),
    },
    brokers: layout.brokers.map((b) => ({
      nodeId: b.nodeId,
      service: b.service,
      plaintext: host(b.plaintext),
      ssl: host(b.ssl),
      saslPlaintext: host(b.saslPlaintext),
      saslSsl: host(b.saslSsl),
      sslBadHost: host(b.sslBadHost),
      counted: host(b.counted),
    })),
    replication: {
      factor: Math.min(3, layout.brokers.length),
      minInsyncReplicas: Math.min(2, layout.brokers.length),
    },
    countingProxy: proxyControl(layout),
    users: credentials.users,
    tls: {
      caCert: certs.caCert,
      clientCert: certs.clientCert,
      clientKey: certs.clientKey,
      clientKeyPassphrase: certs.clientKeyPassphrase,
      rogueClientCert: certs.rogueClientCert,
      rogueClientKey: certs.rogueClientKey,
    },
    oauth: {
      url: oauth,
      tokenUrl: `${oauth}/token`,
      jwksUrl: `${oauth}/jwks`,
      issuer: oauth,
      audience: OAUTH_AUDIENCE,
      clientId: credentials.oauthClientId,
      clientSecret: credentials.oauthClientSecret,
    },
    aws: {
      endpoint: awsEndpoint(layout),
      region: 'us-east-1',
      accessKeyId: 'local',
      secretAccessKey: 'local',
    },
    kafkaClasspath: javaClasspath(libs),
    logDir: layout.logDir,
  };
}

/** A stack started with another SKE_KAFKA_BROKERS in the same state folder must be stopped first. */
function assertSameShape(layout: StackLayout): void {
  const wanted = new Set(serviceNames(layout));
  const strays = ALL_SERVICES.filter(
    (name) => !wanted.has(name) && runningPid(layout.stateDir, name) !== undefined,
  );
  if (strays.length > 0) {
    throw new Error(
      `the stack in ${layout.stateDir} runs ${strays.join(', ')}, which SKE_KAFKA_BROKERS=${layout.brokers.length} does not: ` +
        'run `npm run stack:down` first, or start it with the SKE_KAFKA_BROKERS it was started with',
    );
  }
}

/** Starts whatever is not running (idempotent) and writes the connection details to `.stack/stack.json`. */
export async function up(layout: StackLayout): Promise<StackInfo> {
  // Before anything is written or started: a port held by another process is an error, not a service to reuse.
  assertSameShape(layout);
  await assertPortsFree(layout);
  const prepared = prepare(layout);
  await Promise.all([
    startOAuth(layout, prepared.credentials),
    startAws(layout, prepared.python),
    startProxy(layout),
  ]);
  await startKafka(layout, prepared.libs, prepared.certs, prepared.credentials);
  const info = describe(layout, prepared);
  writeFileSync(
    stackInfoPath({ ...process.env, SKE_STACK_DIR: layout.stateDir }),
    JSON.stringify(info, null, 2),
  );
  return info;
}

/** Stops every service (idempotent). `clean` also removes generated state (data, certificates, credentials). */
export async function down(layout: StackLayout, { clean = false } = {}): Promise<string[]> {
  const stopped: string[] = [];
  // Brokers before the controller, the controller before the services: every service this folder may run.
  for (const name of [...ALL_SERVICES].reverse()) {
    if (await stopNamed(layout, name)) stopped.push(name);
  }
  if (clean) rmSync(layout.stateDir, { recursive: true, force: true });
  return stopped;
}

export function status(layout: StackLayout): Record<string, number | undefined> {
  // The layout's services, and any other this folder runs (a three-broker stack asked about without SKE_KAFKA_BROKERS).
  const wanted = serviceNames(layout);
  const others = ALL_SERVICES.filter(
    (n) => !wanted.includes(n) && runningPid(layout.stateDir, n) !== undefined,
  );
  return Object.fromEntries([...wanted, ...others].map((name) => [name, runningPid(layout.stateDir, name)]));
}
