import type { LambdaHandler } from './wiring.ts';

export const TRIGGERS = ['sqs', 's3', 'http', 'invoke', 'kinesis', 'dynamodb'] as const;
export type Trigger = (typeof TRIGGERS)[number];

type Handler = LambdaHandler<unknown>;

const CREATE: Record<Trigger, () => Promise<() => Handler>> = {
  sqs: async () => (await import('./sqs/create.ts')).createSqsHandler,
  s3: async () => (await import('./s3/create.ts')).createS3Handler,
  http: async () => (await import('./http/create.ts')).createHttpHandler,
  invoke: async () => (await import('./invoke/create.ts')).createInvokeHandler,
  kinesis: async () => (await import('./kinesis/create.ts')).createKinesisHandler,
  dynamodb: async () => (await import('./dynamodb/create.ts')).createDynamodbHandler,
};

/**
 * Builds a trigger's Lambda handler as functions/<trigger>.ts does (the same
 * create function): its warm state comes from the environment, so set
 * SKE_CONFIG_FILE and AWS settings before the first call.
 */
export async function loadHandler(trigger: string): Promise<Handler> {
  if (!(TRIGGERS as readonly string[]).includes(trigger)) {
    throw new Error(`unknown trigger "${trigger}": expected one of ${TRIGGERS.join(', ')}`);
  }
  const create = await CREATE[trigger as Trigger]();
  return create();
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
