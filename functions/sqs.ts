import type { LambdaContextLike } from '../lib/triggers/deadline.ts';
import { handleSqsEvent } from '../lib/triggers/sqs-handler.ts';
import { triggerDeps } from '../lib/triggers/wiring.ts';

const deps = triggerDeps('sqs');

/** SQS (standard and FIFO): replies with the records to retry (ReportBatchItemFailures). */
export const handler = (event: unknown, context: LambdaContextLike) => handleSqsEvent(event, context, deps);
