import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { beforeDeadline, pendingDeadlineWaits } from '../../../lib/kafka/deadline.ts';
import { DeadlineExceededError } from '../../../lib/kafka/errors.ts';

const never = () => new Promise<never>(() => {});
const outcome = (p: Promise<unknown>) => {
  const seen: { value?: unknown; error?: unknown } = {};
  p.then(
    (value) => {
      seen.value = value;
    },
    (error) => {
      seen.error = error;
    },
  );
  return seen;
};

describe('beforeDeadline', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    // Lets the shared timer fire under the fake clock, so the next test starts with none armed.
    vi.runAllTimers();
    vi.useRealTimers();
  });

  it('resolves with the work when it finishes first, and forgets the wait', async () => {
    await expect(beforeDeadline(Promise.resolve(7), Date.now() + 1000, 'x')).resolves.toBe(7);
    expect(pendingDeadlineWaits()).toBe(0);
  });

  it("passes the work's own failure through", async () => {
    await expect(
      beforeDeadline(Promise.reject(new Error('refused')), Date.now() + 1000, 'x'),
    ).rejects.toThrow('refused');
    expect(pendingDeadlineWaits()).toBe(0);
  });

  it('rejects at the deadline, not before, naming what was waited for', async () => {
    const seen = outcome(beforeDeadline(never(), Date.now() + 1000, '3 record(s) for bees'));
    await vi.advanceTimersByTimeAsync(999);
    expect(seen.error).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(seen.error).toBeInstanceOf(DeadlineExceededError);
    expect(String(seen.error)).toContain('3 record(s) for bees');
    expect(pendingDeadlineWaits()).toBe(0);
  });

  it('keeps every deadline with one timer: a later wait does not delay an earlier one, nor the reverse', async () => {
    const late = outcome(beforeDeadline(never(), Date.now() + 5000, 'late'));
    const early = outcome(beforeDeadline(never(), Date.now() + 1000, 'early'));
    const done = outcome(beforeDeadline(Promise.resolve('ok'), Date.now() + 500, 'done'));
    await vi.advanceTimersByTimeAsync(1000);
    expect(done.value).toBe('ok');
    expect(early.error).toBeInstanceOf(DeadlineExceededError);
    expect(late.error).toBeUndefined();
    await vi.advanceTimersByTimeAsync(4000);
    expect(late.error).toBeInstanceOf(DeadlineExceededError);
    expect(pendingDeadlineWaits()).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('fails at once when the deadline has passed', async () => {
    await expect(beforeDeadline(never(), Date.now() - 1, 'x')).rejects.toBeInstanceOf(DeadlineExceededError);
  });
});

describe('beforeDeadline and the life of the process', () => {
  const deadlineModule = fileURLToPath(new URL('../../../lib/kafka/deadline.ts', import.meta.url));
  const run = (script: string) =>
    spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 20_000,
    });

  it('keeps the process alive until a pending wait expires, even with nothing else to wait for', () => {
    const r = run(
      `import { beforeDeadline } from ${JSON.stringify(deadlineModule)};
       const started = Date.now();
       beforeDeadline(new Promise(() => {}), Date.now() + 300, 'work').catch((e) => console.log('expired', e.name, Date.now() - started >= 290));`,
    );
    expect(r.stdout.trim()).toBe('expired DeadlineExceededError true');
  });

  it('lets the process end once every wait has settled, though the shared timer is armed for later', () => {
    const r = run(
      `import { beforeDeadline } from ${JSON.stringify(deadlineModule)};
       const started = Date.now();
       await beforeDeadline(Promise.resolve(1), Date.now() + 60_000, 'work');
       process.on('exit', () => console.log('exited', Date.now() - started < 5_000));`,
    );
    expect(r.stdout.trim()).toBe('exited true');
  });
});
