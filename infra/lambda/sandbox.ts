import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { readZip } from '../build/unzip.ts';
import { LambdaCgroup } from './cgroup.ts';
import { parseInitReport, parseReport, type Report } from './report.ts';

const RUNTIME_CLIENT = join(dirname(fileURLToPath(import.meta.url)), 'runtime-client.mjs');

export interface SandboxOptions {
  /** The function's deployment package (a zip file path). */
  zip: string;
  /** Lambda memory size in MB: sets the memory limit and the CPU share (memory/1,769 of a vCPU). */
  memoryMb: number;
  /** The Node.js binary the runtime runs on (Node 22, as nodejs22.x). */
  node: string;
  /** Emulator port; the Runtime API listens on the next one. Both on 127.0.0.1. */
  port: number;
  /** A folder whose node_modules holds what the runtime provides (the AWS SDK): see linkRuntimeSdk. */
  runtimeDir: string;
  /** The function's environment variables (serverless.yml's `environment`). */
  env?: Record<string, string>;
  timeoutSeconds?: number;
  name?: string;
  /** Called once the sandbox has stopped (the harness frees its ports). */
  onStop?: () => void;
}

export interface Invocation {
  /** False when the handler threw (the payload is then Lambda's error object). */
  ok: boolean;
  payload: unknown;
  report: Report;
  /** From posting the event to the emulator to its reply, as the caller waits (on a cold environment: init too). */
  wallMs: number;
}

/** Resolves once something accepts TCP connections on the port. */
async function listening(port: number, deadlineMs: number, exited: () => boolean): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1', () => s.end(() => resolve(true)));
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    if (exited()) throw new Error(`the Lambda emulator on port ${port} exited before listening`);
    if (Date.now() > deadline) throw new Error(`the Lambda emulator did not listen on port ${port}`);
    await sleep(10);
  }
}

/**
 * One Lambda execution environment, run as Lambda runs it: the zip extracted
 * into a task folder, the official Runtime Interface Emulator as the Lambda
 * service, our Runtime API client (runtime-client.mjs) on Node 22 as the
 * runtime, inside cgroups with the memory size's CPU share and memory limit,
 * and frozen between invocations. The runtime starts (init) on the first
 * invocation, as the emulator does it.
 */
export class LambdaSandbox {
  private output = '';
  private exited = false;
  private invocations = 0;
  /** Where the next REPORT line is looked for: the output before it belongs to earlier invocations. */
  private scanned = 0;

  private constructor(
    private readonly rie: ChildProcess,
    readonly cgroup: LambdaCgroup,
    private readonly port: number,
    private readonly dir: string,
    private readonly onStop?: () => void,
  ) {
    rie.stdout?.on('data', (c: Buffer) => {
      this.output += c.toString();
    });
    rie.stderr?.on('data', (c: Buffer) => {
      this.output += c.toString();
    });
    rie.on('exit', () => {
      this.exited = true;
    });
  }

  static async start(emulator: string, o: SandboxOptions): Promise<LambdaSandbox> {
    const name = o.name ?? 'function';
    const dir = mkdtempSync(join(o.runtimeDir, `${name}-`));
    const task = join(dir, 'task');
    for (const entry of readZip(readFileSync(o.zip))) {
      const file = join(task, entry.name);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, entry.data);
    }
    const cgroup = LambdaCgroup.create(`ske-lambda-${o.port}-${process.pid}`, o.memoryMb);
    // The bootstrap moves itself into the cgroups before it becomes node, so all of init runs under the limits.
    const bootstrap = join(dir, 'bootstrap');
    writeFileSync(
      bootstrap,
      `#!/bin/sh\nset -e\n${cgroup.procsFiles.map((f) => `echo $$ > ${f}`).join('\n')}\nexec ${o.node} ${RUNTIME_CLIENT}\n`,
    );
    chmodSync(bootstrap, 0o755);
    const timeout = o.timeoutSeconds ?? 30;
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      LANG: 'en_US.UTF-8',
      TZ: ':UTC',
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
      AWS_LAMBDA_FUNCTION_NAME: name,
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(o.memoryMb),
      AWS_LAMBDA_FUNCTION_TIMEOUT: String(timeout),
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${name}`,
      AWS_LAMBDA_LOG_STREAM_NAME: 'harness',
      LAMBDA_TASK_ROOT: task,
      LAMBDA_RUNTIME_DIR: dirname(RUNTIME_CLIENT),
      _HANDLER: 'index.handler',
      AWS_REGION: 'us-east-1',
      AWS_DEFAULT_REGION: 'us-east-1',
      ...o.env,
    };
    const rie = spawn(
      emulator,
      [
        '--log-level',
        'error',
        '--runtime-interface-emulator-address',
        `127.0.0.1:${o.port}`,
        '--runtime-api-address',
        `127.0.0.1:${o.port + 1}`,
        bootstrap,
      ],
      { cwd: task, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const sandbox = new LambdaSandbox(rie, cgroup, o.port, dir, o.onStop);
    try {
      await listening(o.port, 10_000, () => sandbox.exited);
    } catch (err) {
      await sandbox.stop();
      throw new Error(`${(err as Error).message}:\n${sandbox.output.slice(-2000)}`);
    }
    return sandbox;
  }

  /** Everything the emulator and the function wrote so far (logs, START/END/REPORT lines). */
  get logs(): string {
    return this.output;
  }

  /**
   * One synchronous invocation (`RequestResponse`): thaws the environment,
   * posts the event to the emulator, waits for its REPORT line, and freezes
   * the environment again.
   */
  async invoke(event: unknown): Promise<Invocation> {
    if (this.cgroup.state() !== 'THAWED') await this.cgroup.thaw();
    const id = `req-${Math.random().toString(36).slice(2, 12)}`;
    const started = performance.now();
    const res = await fetch(`http://127.0.0.1:${this.port}/2015-03-31/functions/function/invocations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-amzn-requestid': id },
      body: JSON.stringify(event),
    });
    const text = await res.text();
    const wallMs = performance.now() - started;
    const report = await this.reportOf(id);
    const initMs = this.invocations++ === 0 ? parseInitReport(this.output) : undefined;
    await this.cgroup.freeze();
    const payload = text === '' ? null : JSON.parse(text);
    // Lambda marks a function error with X-Amz-Function-Error; the emulator does not, so its body says it.
    const failed =
      res.status !== 200 ||
      (payload !== null &&
        typeof payload === 'object' &&
        'errorType' in payload &&
        'errorMessage' in payload);
    return {
      ok: !failed,
      payload,
      wallMs,
      report: {
        ...report,
        ...(initMs === undefined ? {} : { initMs }),
        maxMemoryMb: this.cgroup.maxMemoryBytes() / 2 ** 20,
      },
    };
  }

  private async reportOf(id: string): Promise<Report> {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const report = parseReport(this.output.slice(this.scanned), id);
      if (report) {
        this.scanned = this.output.length;
        return report;
      }
      if (Date.now() > deadline) throw new Error(`no REPORT line for ${id}:\n${this.output.slice(-2000)}`);
      await sleep(2);
    }
  }

  /** Stops the emulator and the runtime and removes the cgroups and the task folder. */
  async stop(): Promise<void> {
    await this.cgroup.destroy();
    if (!this.exited) {
      const gone = new Promise((resolve) => this.rie.once('exit', resolve));
      this.rie.kill('SIGKILL');
      await Promise.race([gone, sleep(5_000)]);
    }
    rmSync(this.dir, { recursive: true, force: true });
    this.onStop?.();
  }
}

/** A folder for sandboxes, outside the checkout so nothing resolves from its node_modules by accident. */
export function sandboxRoot(): string {
  return mkdtempSync(join(tmpdir(), 'ske-lambda-'));
}
