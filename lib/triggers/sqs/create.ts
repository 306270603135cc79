import { type LambdaHandler, logInvocations, type TriggerDeps, triggerDeps } from '../wiring.ts';
import { handleSqsEvent } from './handler.ts';
import type { SqsBatchResponse } from './reply.ts';

/** The SQS Lambda handler (standard and FIFO): replies with the records to retry (ReportBatchItemFailures). */
export function createSqsHandler(deps: TriggerDeps = triggerDeps('sqs')): LambdaHandler<SqsBatchResponse> {
  return logInvocations(deps.invocation, (event, context) => handleSqsEvent(event, context, deps));
}
