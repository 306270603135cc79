import type { StreamBatchResponse } from '../streams/reply.ts';
import { type LambdaHandler, logInvocations, type TriggerDeps, triggerDeps } from '../wiring.ts';
import { handleKinesisEvent } from './handler.ts';

/** The Kinesis Data Streams Lambda handler: replies with the records to retry by sequence number (ReportBatchItemFailures). */
export function createKinesisHandler(
  deps: TriggerDeps = triggerDeps('kinesis'),
): LambdaHandler<StreamBatchResponse> {
  const handlerDeps = { ...deps, settings: async () => (await deps.exporter.config()).kinesis };
  return logInvocations(deps.invocation, (event, context) => handleKinesisEvent(event, context, handlerDeps));
}
