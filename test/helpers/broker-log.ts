import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { stack } from './stack.ts';

const logFile = () => join(stack().logDir, 'kafka.log');

/** Marks the current end of the broker's log, to read only what a test caused. */
export function brokerLogMark(): number {
  return statSync(logFile()).size;
}

/** Waits (up to 5 s) until the broker's log after `mark` matches `pattern`, and returns that text. */
export async function brokerLogAfter(mark: number, pattern: RegExp): Promise<string> {
  let text = '';
  for (let i = 0; i < 50; i++) {
    text = readFileSync(logFile()).subarray(mark).toString('utf8');
    if (pattern.test(text)) return text;
    await sleep(100);
  }
  return text;
}
