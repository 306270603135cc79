import { AsyncLocalStorage } from 'node:async_hooks';
import { SkeError } from '../errors.ts';

/**
 * Without an invocation (the CLI, a test): the longest an AWS call may take.
 * The SDK's own default is no timeout at all.
 */
export const DEFAULT_AWS_TIMEOUT_MS = 30_000;

/** An AWS call (or a read of a response body) that had not answered when the invocation's time ran out. */
export class AwsDeadlineError extends SkeError {
  constructor(what: string, timeoutMs?: number) {
    super(
      timeoutMs === undefined
        ? `deadline exceeded: ${what} did not answer before the invocation's time ran out`
        : `deadline exceeded: ${what} did not answer within ${timeoutMs} ms`,
      { retriable: true },
    );
    this.name = 'AwsDeadlineError';
  }
}

const scope = new AsyncLocalStorage<number>();

/**
 * Runs `work` with `deadline` (epoch ms) as the deadline of every AWS call it
 * makes, however deep: Secrets Manager behind the config, S3 GetObject and its
 * body. Ambient rather than passed down, because the calls sit several layers
 * below the handler (a config template naming a secret). Scoped to `work`'s
 * async context, so nothing outlives the invocation.
 */
export function withInvocationDeadline<T>(deadline: number, work: () => Promise<T>): Promise<T> {
  return scope.run(deadline, work);
}

/** The deadline of the invocation in progress, if any. */
export function invocationDeadlineNow(): number | undefined {
  return scope.getStore();
}

/**
 * Runs an AWS SDK call with an AbortSignal that fires at the deadline (the
 * invocation's, else {@link DEFAULT_AWS_TIMEOUT_MS} from now), so a hung
 * endpoint frees its socket and the caller gets an AwsDeadlineError naming
 * `what` instead of waiting for Lambda's timeout.
 *
 * @param what - the call, as an error text names it: `S3 GetObject s3://b/k`
 */
export async function withAwsDeadline<T>(
  what: string,
  call: (abortSignal: AbortSignal) => Promise<T>,
  deadline = invocationDeadlineNow(),
  now = Date.now,
): Promise<T> {
  const timeoutMs = deadline === undefined ? DEFAULT_AWS_TIMEOUT_MS : Math.max(0, deadline - now());
  const error = new AwsDeadlineError(what, deadline === undefined ? timeoutMs : undefined);
  if (timeoutMs === 0) throw error;
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  try {
    return await Promise.race([call(controller.signal), expired]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A response body whose every read ends by the deadline: a body that trickles
 * (or stalls) is destroyed at the deadline and the read fails with an
 * AwsDeadlineError naming `what`, never blamed on whatever comes next.
 */
export async function* readBeforeDeadline<T>(
  body: AsyncIterable<T>,
  what: string,
  deadline = invocationDeadlineNow(),
  now = Date.now,
): AsyncGenerator<T> {
  const source = body[Symbol.asyncIterator]();
  const end = deadline ?? now() + DEFAULT_AWS_TIMEOUT_MS;
  try {
    for (;;) {
      const left = end - now();
      let timer: NodeJS.Timeout | undefined;
      const expired = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(new AwsDeadlineError(what, deadline === undefined ? DEFAULT_AWS_TIMEOUT_MS : undefined)),
          Math.max(0, left),
        );
      });
      let next: IteratorResult<T>;
      try {
        next = await Promise.race([source.next(), expired]);
      } finally {
        clearTimeout(timer);
      }
      if (next.done) return;
      yield next.value;
    }
  } finally {
    const stream = body as { destroy?: unknown; destroyed?: boolean };
    if (typeof stream.destroy === 'function' && stream.destroyed === false) (stream.destroy as () => void)();
    else void source.return?.();
  }
}
