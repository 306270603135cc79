import { DeadlineExceededError } from './errors.ts';

interface Wait {
  deadline: number;
  expire: () => void;
}

/*
 * One timer for every wait, armed for the earliest deadline. A timer per
 * produce request (each with its own remaining time) costs a timer list per
 * distinct duration, kept until it expires; on the per-request path of the
 * HTTP trigger that showed. A warm function's deadlines are nearly all the
 * same few: the timer fires about once per invocation timeout, not per send.
 */
const waits = new Set<Wait>();
let timer: NodeJS.Timeout | undefined;
let armedFor = Number.POSITIVE_INFINITY;

function arm(deadline: number, now: () => number): void {
  if (timer !== undefined && armedFor <= deadline) return;
  if (timer !== undefined) clearTimeout(timer);
  armedFor = deadline;
  timer = setTimeout(() => fire(now), Math.max(0, deadline - now()));
}

/**
 * The timer holds the process open only while a wait is pending: an expiry
 * must fire even when nothing else keeps the event loop alive, but a timer left
 * armed after the last wait settled must not keep a process (the CLI, tests) alive.
 */
function holdOpen(): void {
  if (waits.size > 0) timer?.ref();
  else timer?.unref();
}

function fire(now: () => number): void {
  timer = undefined;
  armedFor = Number.POSITIVE_INFINITY;
  const at = now();
  let next = Number.POSITIVE_INFINITY;
  for (const wait of waits) {
    if (wait.deadline <= at) {
      waits.delete(wait);
      wait.expire();
    } else if (wait.deadline < next) next = wait.deadline;
  }
  if (next !== Number.POSITIVE_INFINITY) arm(next, now);
  holdOpen();
}

/**
 * Resolves like `work`, or rejects with DeadlineExceededError at `deadline`
 * (epoch ms). The work itself is not cancelled: a produce already on the wire
 * may still land, which is why callers document at-least-once delivery.
 */
export function beforeDeadline<T>(
  work: Promise<T>,
  deadline: number,
  what: string,
  now = Date.now,
): Promise<T> {
  if (deadline - now() <= 0) {
    work.catch(() => {});
    return Promise.reject(new DeadlineExceededError(what));
  }
  return new Promise<T>((resolve, reject) => {
    const wait: Wait = { deadline, expire: () => reject(new DeadlineExceededError(what)) };
    waits.add(wait);
    arm(deadline, now);
    holdOpen();
    work.then(
      (value) => {
        waits.delete(wait);
        holdOpen();
        resolve(value);
      },
      (err) => {
        waits.delete(wait);
        holdOpen();
        reject(err);
      },
    );
  });
}

/** Waits not yet settled (tests). */
export function pendingDeadlineWaits(): number {
  return waits.size;
}

/** Disarms the shared timer and expires every pending wait (a test's warm state reset: nothing left waiting). */
export function resetDeadlineTimer(): void {
  if (timer !== undefined) clearTimeout(timer);
  timer = undefined;
  armedFor = Number.POSITIVE_INFINITY;
  const pending = [...waits];
  waits.clear();
  for (const wait of pending) wait.expire();
}
