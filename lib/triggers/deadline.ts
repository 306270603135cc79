import { withInvocationDeadline } from '../aws/deadline.ts';

/** What the handlers read of the Lambda context. */
export interface LambdaContextLike {
  getRemainingTimeInMillis(): number;
  awsRequestId?: string;
  functionName?: string;
}

/** Default safety margin: time kept back to reply before Lambda's own timeout. */
export const DEFAULT_MARGIN_MS = 1500;

/**
 * The epoch ms by which a handler must stop waiting on Kafka: the time Lambda
 * gives it minus a margin (SKE_DEADLINE_MARGIN_MS, default 1.5 s, at most half
 * the time left), so work that cannot finish is reported as failed instead of
 * being cut off by a Lambda timeout. Handlers run their work under it with
 * withInvocationDeadline, so it bounds every AWS call too (lib/aws/deadline.ts).
 */
export function invocationDeadline(
  context: LambdaContextLike,
  env: Record<string, string | undefined> = process.env,
  now: () => number = Date.now,
): number {
  const remaining = context.getRemainingTimeInMillis();
  const configured = Number(env.SKE_DEADLINE_MARGIN_MS ?? DEFAULT_MARGIN_MS);
  const margin = Math.min(
    Number.isFinite(configured) && configured >= 0 ? configured : DEFAULT_MARGIN_MS,
    remaining / 2,
  );
  return now() + remaining - margin;
}

/**
 * Runs a handler's work under the invocation's deadline: `work` is given it,
 * and every AWS call it makes, however deep, ends by it (withInvocationDeadline).
 */
export function untilDeadline<T>(
  context: LambdaContextLike,
  env: Record<string, string | undefined> | undefined,
  work: (deadline: number) => Promise<T>,
): Promise<T> {
  const deadline = invocationDeadline(context, env);
  return withInvocationDeadline(deadline, () => work(deadline));
}

/** A context for running handlers outside Lambda (CLI, local runner, tests). */
export function localContext(timeoutMs = 30_000, now: () => number = Date.now): LambdaContextLike {
  const end = now() + timeoutMs;
  return {
    getRemainingTimeInMillis: () => Math.max(0, end - now()),
    awsRequestId: 'local',
    functionName: 'local',
  };
}
