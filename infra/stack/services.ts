import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StackCredentials } from './credentials.ts';
import { answersWithMarker, jwksMatchesKey, stackMarker } from './identity.ts';
import { ROOT, type StackLayout } from './layout.ts';
import { runningPid, type ServiceSpec, startService, stopService } from './processes.ts';
import { exitWatch, waitFor } from './readiness.ts';

export const oauthUrl = (layout: StackLayout) => `http://localhost:${layout.ports.oauth}`;
export const awsEndpoint = (layout: StackLayout) => `http://127.0.0.1:${layout.ports.aws}`;
export const proxyControl = (layout: StackLayout) => `http://127.0.0.1:${layout.ports.countedControl}`;
export const OAUTH_AUDIENCE = 'kafka-broker';
const oauthKeyFile = (layout: StackLayout) => join(layout.stateDir, 'oauth-signing-key.pem');

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
 * Starts a stack service unless it already runs, then waits until `isOurs`
 * proves it answers as this stack's own service (not merely that something
 * answers on the port). A service that exits meanwhile fails at once.
 */
async function startHttpService(
  layout: StackLayout,
  spec: Omit<ServiceSpec, 'cwd'>,
  what: string,
  isOurs: () => Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> {
  const reused = runningPid(layout.stateDir, spec.name);
  if (reused === undefined) startService(layout.stateDir, layout.logDir, { ...spec, cwd: ROOT });
  await waitFor(what, isOurs, {
    timeoutMs,
    log: join(layout.logDir, `${spec.name}.log`),
    failFast: exitWatch(layout, spec.name, what),
  }).catch((err: Error) => {
    if (reused === undefined) throw err;
    throw new Error(
      `${spec.name} (pid ${reused}) of ${layout.stateDir} is running but does not answer as this stack's ${what}: ` +
        'was it started with another SKE_PORT_BASE? Run `npm run stack:down` (with the same ' +
        `SKE_STACK_DIR) and start again (${err.message})`,
    );
  });
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
    OAUTH_KEY_FILE: oauthKeyFile(layout),
  });
  return startHttpService(layout, spec, "OAuth server JWKS (with this stack's key)", () =>
    jwksMatchesKey(`${oauthUrl(layout)}/jwks`, oauthKeyFile(layout)),
  );
}

export function startAws(layout: StackLayout, python: string): Promise<void> {
  const spec = {
    name: 'aws',
    command: python,
    args: [join(ROOT, 'infra', 'aws', 'emulator.py'), String(layout.ports.aws)],
    env: { SKE_STACK_MARKER: stackMarker(layout.stateDir) },
  };
  return startHttpService(
    layout,
    spec,
    'AWS API emulator',
    () => answersWithMarker(awsEndpoint(layout), stackMarker(layout.stateDir)),
    60_000,
  );
}

/** The counting TCP proxy in front of every broker's COUNTED listener. */
export function startProxy(layout: StackLayout): Promise<void> {
  const spec = tsxService('proxy', ['proxy', 'server.ts'], {
    PROXY_ROUTES: layout.brokers.map((b) => `${b.counted}:${b.countedBroker}`).join(','),
    PROXY_CONTROL_PORT: String(layout.ports.countedControl),
    PROXY_MARKER: stackMarker(layout.stateDir),
  });
  return startHttpService(layout, spec, 'counting proxy', () =>
    answersWithMarker(proxyControl(layout), stackMarker(layout.stateDir)),
  );
}

export function stopNamed(layout: StackLayout, name: string): Promise<boolean> {
  return stopService(layout.stateDir, name);
}

/** Kills a service with SIGKILL, no shutdown: how a crash looks to its clients. */
export function killNamed(layout: StackLayout, name: string): Promise<boolean> {
  return stopService(layout.stateDir, name, 0);
}

export function javaClasspath(libs: string): string {
  return `${libs}/*`;
}
