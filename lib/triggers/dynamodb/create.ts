import type { StreamBatchResponse } from '../streams/reply.ts';
import { type LambdaHandler, logInvocations, type TriggerDeps, triggerDeps } from '../wiring.ts';
import { handleDynamodbEvent } from './handler.ts';

/** The DynamoDB Streams Lambda handler: replies with the records to retry by sequence number (ReportBatchItemFailures). */
export function createDynamodbHandler(
  deps: TriggerDeps = triggerDeps('dynamodb'),
): LambdaHandler<StreamBatchResponse> {
  const handlerDeps = { ...deps, settings: async () => (await deps.exporter.config()).dynamodb };
  return logInvocations(deps.invocation, (event, context) =>
    handleDynamodbEvent(event, context, handlerDeps),
  );
}
