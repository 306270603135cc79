import type { LambdaContextLike } from '../triggers/deadline.ts';

export const TRIGGERS = ['sqs', 's3', 'http', 'invoke', 'kinesis', 'dynamodb'] as const;
export type Trigger = (typeof TRIGGERS)[number];

type Handler = (event: unknown, context: LambdaContextLike) => Promise<unknown>;

/**
 * Loads a trigger's Lambda handler (functions/<trigger>.ts) as the runtime
 * would: importing it builds its warm state from the environment, so set
 * SKE_CONFIG_FILE and AWS settings before the first call.
 */
export async function loadHandler(trigger: string): Promise<Handler> {
  if (!(TRIGGERS as readonly string[]).includes(trigger)) {
    throw new Error(`unknown trigger "${trigger}": expected one of ${TRIGGERS.join(', ')}`);
  }
  const module = (await import(`../../functions/${trigger}.ts`)) as { handler: Handler };
  return module.handler;
}

/** Did the trigger's reply say everything was delivered? (Thrown errors are failures too.) */
export function replySucceeded(reply: unknown): boolean {
  if (reply === null || typeof reply !== 'object') return true;
  const r = reply as { batchItemFailures?: unknown[]; statusCode?: number; failed?: number };
  if (Array.isArray(r.batchItemFailures)) return r.batchItemFailures.length === 0;
  if (typeof r.statusCode === 'number') return r.statusCode < 300;
  if (typeof r.failed === 'number') return r.failed === 0;
  return true;
}
