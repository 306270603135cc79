import { spawn } from 'node:child_process';
import { existsSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** A stack service run as a detached process whose pid lives in `<stateDir>/<name>.pid`. */
export interface ServiceSpec {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

function pidFile(stateDir: string, name: string): string {
  return join(stateDir, `${name}.pid`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The pid of a running service, or undefined when it is not running. */
export function runningPid(stateDir: string, name: string): number | undefined {
  const file = pidFile(stateDir, name);
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 && alive(pid) ? pid : undefined;
}

/**
 * Starts the service detached (its own process group, output appended to
 * `<logDir>/<name>.log`) so it outlives the command that started it.
 */
export function startService(stateDir: string, logDir: string, spec: ServiceSpec): number {
  const log = openSync(join(logDir, `${spec.name}.log`), 'a');
  const child = spawn(spec.command, spec.args, {
    cwd: spec.cwd,
    env: { ...process.env, ...spec.env },
    detached: true,
    stdio: ['ignore', log, log],
  });
  if (child.pid === undefined) throw new Error(`could not start ${spec.name} (${spec.command})`);
  child.unref();
  writeFileSync(pidFile(stateDir, spec.name), String(child.pid));
  return child.pid;
}

/**
 * Stops a service: SIGTERM to its process group, SIGKILL after `graceMs`
 * (`graceMs` 0 kills at once: a crash, for fault tests). Returns false when
 * it was not running.
 */
export async function stopService(stateDir: string, name: string, graceMs = 15_000): Promise<boolean> {
  const pid = runningPid(stateDir, name);
  rmSync(pidFile(stateDir, name), { force: true });
  if (pid === undefined) return false;
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-pid, sig);
    } catch {
      // The group may already be gone; the single pid is the fallback.
      try {
        process.kill(pid, sig);
      } catch {}
    }
  };
  signal(graceMs === 0 ? 'SIGKILL' : 'SIGTERM');
  const until = Date.now() + graceMs;
  while (alive(pid) && Date.now() < until) await sleep(100);
  if (alive(pid)) signal('SIGKILL');
  while (alive(pid)) await sleep(50);
  return true;
}
