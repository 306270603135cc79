import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { ensureCertificates } from './certificates.ts';
import { ensureCredentials } from './credentials.ts';
import { applyIamAcls } from './iam-acls.ts';
import { ensureKafkaDistribution } from './kafka-distribution.ts';
import type { StackLayout } from './layout.ts';
import {
  ensureMskIamVerifier,
  IAM_ALLOWED_PREFIX,
  IAM_DENIED_PREFIX,
  IAM_REGION,
  IAM_ROLE_ARN,
  writeIamCredentials,
} from './msk-iam.ts';
import { checkPrerequisites } from './prerequisites.ts';
import { runningPid } from './processes.ts';
import { waitFor } from './readiness.ts';
import {
  awsEndpoint,
  ensureVirtualenv,
  javaClasspath,
  OAUTH_AUDIENCE,
  oauthUrl,
  SERVICES,
  startAws,
  startKafka,
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
  const iam = {
    verifierJar: ensureMskIamVerifier(layout.cacheDir, layout.kafkaVersion),
    files: writeIamCredentials(layout.stateDir, credentials.iam),
  };
  return { certs, credentials, libs, python, iam };
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
      iam: host(layout.ports.iam),
    },
    countingProxy: `http://127.0.0.1:${layout.ports.countedControl}`,
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
    iam: {
      region: IAM_REGION,
      accessKeyId: credentials.iam.accessKeyId,
      secretAccessKey: credentials.iam.secretAccessKey,
      principal: credentials.iam.principal,
      roleArn: IAM_ROLE_ARN,
      allowedTopicPrefix: IAM_ALLOWED_PREFIX,
      deniedTopicPrefix: IAM_DENIED_PREFIX,
      sessionsFile: prepared.iam.files.sessionsFile,
    },
    kafkaClasspath: javaClasspath(libs),
    logDir: layout.logDir,
  };
}

/** True once the broker answers a metadata request (listeners open is not enough: it may still be starting). */
async function brokerAnswers(bootstrap: string): Promise<boolean> {
  const admin = new Kafka({
    brokers: [bootstrap],
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
  }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0;
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

/** Starts whatever is not running (idempotent) and writes the connection details to `.stack/stack.json`. */
export async function up(layout: StackLayout): Promise<StackInfo> {
  const prepared = prepare(layout);
  await Promise.all([
    startOAuth(layout, prepared.credentials),
    startAws(layout, prepared.python, prepared.iam.files),
    startProxy(layout),
  ]);
  await startKafka(layout, prepared.libs, prepared.certs, prepared.credentials, prepared.iam);
  const info = describe(layout, prepared);
  await waitFor('Kafka metadata', () => brokerAnswers(info.bootstrap.plaintext), {
    timeoutMs: 60_000,
    log: join(layout.logDir, 'kafka.log'),
  });
  await applyIamAcls(info.bootstrap.plaintext, [prepared.credentials.iam.principal, IAM_ROLE_ARN]);
  writeFileSync(
    stackInfoPath({ ...process.env, SKE_STACK_DIR: layout.stateDir }),
    JSON.stringify(info, null, 2),
  );
  return info;
}

/** Stops every service (idempotent). `clean` also removes generated state (data, certificates, credentials). */
export async function down(layout: StackLayout, { clean = false } = {}): Promise<string[]> {
  const stopped: string[] = [];
  for (const name of [...SERVICES].reverse()) {
    if (await stopNamed(layout, name)) stopped.push(name);
  }
  if (clean) rmSync(layout.stateDir, { recursive: true, force: true });
  return stopped;
}

export function status(layout: StackLayout): Record<string, number | undefined> {
  return Object.fromEntries(SERVICES.map((name) => [name, runningPid(layout.stateDir, name)]));
}
