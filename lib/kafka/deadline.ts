import { DeadlineExceededError } from './errors.ts';

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
  const remaining = deadline - now();
  if (remaining <= 0) {
    work.catch(() => {});
    return Promise.reject(new DeadlineExceededError(what));
  }
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new DeadlineExceededError(what)), remaining);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}
