import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CertificatePaths } from './certificates.ts';
import type { StackCredentials } from './credentials.ts';
import { brokerProperties, LOG4J_PROPERTIES, LOG4J2_PROPERTIES } from './kafka-config.ts';
import { ROOT, type StackLayout } from './layout.ts';
import { IAM_REGION, type IamFiles } from './msk-iam.ts';
import { runningPid, type ServiceSpec, startService, stopService } from './processes.ts';
import { httpOk, portOpen, waitFor } from './readiness.ts';

export const SERVICES = ['oauth', 'aws', 'proxy', 'kafka'] as const;
export type ServiceName = (typeof SERVICES)[number];

export const oauthUrl = (layout: StackLayout) => `http://localhost:${layout.ports.oauth}`;
export const awsEndpoint = (layout: StackLayout) => `http://127.0.0.1:${layout.ports.aws}`;
export const OAUTH_AUDIENCE = 'kafka-broker';

/** Creates the project virtualenv with the emulator (moto) and cfn-lint, again only when requirements change. */
export function ensureVirtualenv(venvDir: string): string {
  const requirements = join(ROOT, 'infra', 'aws', 'requirements.txt');
  const digest = createHash('sha256').update(readFileSync(requirements)).digest('hex');
  const marker = join(venvDir, '.requirements.sha256');
  const python = join(venvDir, 'bin', 'python');
  if (existsSync(marker) && readFileSync(marker, 'utf8') === digest && existsSync(python)) return python;
  console.log('Installing the AWS API emulator (moto) into .venv (first run only)...');
  if (!existsSync(python)) execFileSync('python3', ['-m', 'venv', venvDir], { stdio: 'inherit' });
  execFileSync(python, ['-m', 'pip', 'install', '-q', '--disable-pip-version-check', '-r', requirements], {
    stdio: 'inherit',
  });
  writeFileSync(marker, digest);
  return python;
}

/**
 * Starts a stack service unless it already runs, then waits until `readyUrl`
 * answers 2xx (its log is named in the error when it never does).
 */
async function startHttpService(
  layout: StackLayout,
  spec: Omit<ServiceSpec, 'cwd'>,
  what: string,
  readyUrl: string,
  timeoutMs = 30_000,
): Promise<void> {
  if (runningPid(layout.stateDir, spec.name) === undefined) {
    startService(layout.stateDir, layout.logDir, { ...spec, cwd: ROOT });
  }
  await waitFor(what, () => httpOk(readyUrl), { timeoutMs, log: join(layout.logDir, `${spec.name}.log`) });
}

/** A TypeScript service of infra/ run with the current node through tsx. */
const tsxService = (name: string, script: string[], env: NodeJS.ProcessEnv) => ({
  name,
  command: process.execPath,
  args: ['--import', 'tsx', join(ROOT, 'infra', ...script)],
  env,
});

export function startOAuth(layout: StackLayout, credentials: StackCredentials): Promise<void> {
  const spec = tsxService('oauth', ['oauth', 'server.ts'], {
    OAUTH_PORT: String(layout.ports.oauth),
    OAUTH_ISSUER: oauthUrl(layout),
    OAUTH_AUDIENCE,
    OAUTH_CLIENTS: JSON.stringify({ [credentials.oauthClientId]: credentials.oauthClientSecret }),
    OAUTH_KEY_FILE: join(layout.stateDir, 'oauth-signing-key.pem'),
  });
  return startHttpService(layout, spec, 'OAuth server JWKS', `${oauthUrl(layout)}/jwks`);
}

export function startAws(layout: StackLayout, python: string, iam: IamFiles): Promise<void> {
  const spec = {
    name: 'aws',
    command: python,
    args: [join(ROOT, 'infra', 'aws', 'emulator.py'), String(layout.ports.aws)],
    // STS AssumeRole answers are appended here, for the broker's MSK IAM verifier to know the session keys.
    env: { SKE_IAM_SESSIONS_FILE: iam.sessionsFile, SKE_IAM_USERS_FILE: iam.credentialsFile },
  };
  return startHttpService(layout, spec, 'AWS API emulator', `${awsEndpoint(layout)}/_counts`, 60_000);
}

/** The counting TCP proxy in front of the COUNTED listener. */
export function startProxy(layout: StackLayout): Promise<void> {
  const spec = tsxService('proxy', ['proxy', 'server.ts'], {
    PROXY_LISTEN_PORT: String(layout.ports.counted),
    PROXY_TARGET_PORT: String(layout.ports.countedBroker),
    PROXY_CONTROL_PORT: String(layout.ports.countedControl),
  });
  return startHttpService(
    layout,
    spec,
    'counting proxy',
    `http://127.0.0.1:${layout.ports.countedControl}/_stats`,
  );
}

function javaArgs(layout: StackLayout, libs: string, extraJars: string[] = []): string[] {
  return [
    '-Xms256m',
    '-Xmx768m',
    '-XX:+UseG1GC',
    '-Djava.awt.headless=true',
    `-Dlog4j.configuration=file:${join(layout.stateDir, 'log4j.properties')}`,
    `-Dlog4j2.configurationFile=${join(layout.stateDir, 'log4j2.properties')}`,
    // Kafka 4 only fetches a JWKS from URLs allowed here (ignored by 3.x).
    `-Dorg.apache.kafka.sasl.oauthbearer.allowed.urls=${oauthUrl(layout)}/jwks`,
    '-cp',
    [`${libs}/*`, ...extraJars].join(':'),
  ];
}

/** Writes the broker config, formats storage (with the SCRAM users) once per data folder, and starts the broker. */
export async function startKafka(
  layout: StackLayout,
  libs: string,
  certs: CertificatePaths,
  credentials: StackCredentials,
  iam: { verifierJar: string; files: IamFiles },
): Promise<void> {
  const dataDir = join(layout.stateDir, `kafka-data-${layout.kafkaVersion}`);
  const propsFile = join(layout.stateDir, 'server.properties');
  writeFileSync(join(layout.stateDir, 'log4j.properties'), LOG4J_PROPERTIES);
  writeFileSync(join(layout.stateDir, 'log4j2.properties'), LOG4J2_PROPERTIES);
  writeFileSync(
    propsFile,
    brokerProperties({
      layout,
      certs,
      users: credentials.users,
      dataDir,
      oauth: { jwksUrl: `${oauthUrl(layout)}/jwks`, issuer: oauthUrl(layout), audience: OAUTH_AUDIENCE },
      reauthMs: Number(process.env.SKE_KAFKA_REAUTH_MS ?? 60_000),
      autoCreateTopics: process.env.SKE_KAFKA_AUTO_CREATE_TOPICS === 'true',
      iam: { region: IAM_REGION, credentialsFiles: [iam.files.credentialsFile, iam.files.sessionsFile] },
    }),
  );
  if (!existsSync(join(dataDir, 'meta.properties'))) {
    mkdirSync(dataDir, { recursive: true });
    const scram = Object.entries(credentials.users).flatMap(([name, password]) =>
      ['SCRAM-SHA-256', 'SCRAM-SHA-512'].flatMap((m) => [
        '--add-scram',
        `${m}=[name=${name},password=${password}]`,
      ]),
    );
    execFileSync(
      'java',
      [
        ...javaArgs(layout, libs),
        'kafka.tools.StorageTool',
        'format',
        '-t',
        credentials.clusterId,
        '-c',
        propsFile,
        '--ignore-formatted',
        ...scram,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
  }
  if (runningPid(layout.stateDir, 'kafka') === undefined) {
    startService(layout.stateDir, layout.logDir, {
      name: 'kafka',
      command: 'java',
      args: [...javaArgs(layout, libs, [iam.verifierJar]), 'kafka.Kafka', propsFile],
      cwd: layout.stateDir,
    });
  }
  const { ports } = layout;
  const all = [
    ports.plaintext,
    ports.ssl,
    ports.saslPlaintext,
    ports.saslSsl,
    ports.sslBadHost,
    ports.countedBroker,
    ports.iam,
  ];
  await waitFor(
    `Kafka ${layout.kafkaVersion} listeners ${all.join(', ')}`,
    async () => (await Promise.all(all.map((p) => portOpen(p)))).every(Boolean),
    {
      timeoutMs: 120_000,
      log: join(layout.logDir, 'kafka.log'),
      failFast: () => {
        if (runningPid(layout.stateDir, 'kafka') === undefined) {
          throw new Error(`Kafka exited during start-up; see ${join(layout.logDir, 'kafka.log')}`);
        }
      },
    },
  );
}

export function stopNamed(layout: StackLayout, name: ServiceName): Promise<boolean> {
  return stopService(layout.stateDir, name);
}

/** Kills a service with SIGKILL, no shutdown: how a crash looks to its clients. */
export function killNamed(layout: StackLayout, name: ServiceName): Promise<boolean> {
  return stopService(layout.stateDir, name, 0);
}

export function javaClasspath(libs: string): string {
  return `${libs}/*`;
}
