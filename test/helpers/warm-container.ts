import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ROOT } from '../../infra/stack/layout.ts';

export interface Invocation {
  id: string;
  failures: string[];
  ms: number;
}

/** A warm SQS function in its own process (test/helpers/warm-function.ts): invoke it, freeze it, thaw it. */
export interface WarmContainer {
  invoke(records: Array<{ messageId: string; body: string }>, timeoutMs: number): Promise<Invocation>;
  freeze(): void;
  thaw(): void;
  close(): void;
}

export function startWarmContainer(config: string): WarmContainer {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'test', 'helpers', 'warm-function.ts')],
    {
      cwd: ROOT,
      env: { ...process.env, SKE_CONFIG: config, SKE_METRICS: 'off', SKE_LOG_LEVEL: 'warn' },
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const waiting = new Map<string, (reply: Invocation) => void>();
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (!line.startsWith('{"id"')) return;
    const reply = JSON.parse(line) as Invocation;
    waiting.get(reply.id)?.(reply);
    waiting.delete(reply.id);
  });
  let next = 0;
  return {
    invoke(records, timeoutMs) {
      const id = String(next++);
      return new Promise((resolve, reject) => {
        waiting.set(id, resolve);
        child.once('exit', (code) => reject(new Error(`warm function exited (${code})`)));
        child.stdin!.write(`${JSON.stringify({ id, records, timeoutMs })}\n`);
      });
    },
    freeze: () => child.kill('SIGSTOP'),
    thaw: () => child.kill('SIGCONT'),
    close: () => {
      child.kill('SIGCONT');
      child.kill('SIGKILL');
    },
  };
}
