import type { Exporter } from '../../exporter/index.ts';
import { type LambdaHandler, logInvocations, type TriggerDeps, triggerDeps } from '../wiring.ts';
import { handleInvokeEvent, type InvokeHandlerDeps, type InvokeSummary } from './handler.ts';

/** The `scheduledInput` dependency read from an exporter's config (schedule.input). */
export function scheduledInputOf(exporter: Pick<Exporter, 'config'>): InvokeHandlerDeps['scheduledInput'] {
  return async () => (await exporter.config()).schedule.input;
}

/** The `eventBridgeData` dependency read from an exporter's config (eventbridge.data). */
export function eventBridgeDataOf(exporter: Pick<Exporter, 'config'>): InvokeHandlerDeps['eventBridgeData'] {
  return async () => (await exporter.config()).eventbridge.data;
}

/** The schedule / EventBridge / direct-invocation Lambda handler: a summary, or a thrown error when anything failed. */
export function createInvokeHandler(
  { exporter, invocation }: TriggerDeps = triggerDeps('invoke'),
): LambdaHandler<InvokeSummary> {
  const deps = {
    exporter,
    scheduledInput: scheduledInputOf(exporter),
    eventBridgeData: eventBridgeDataOf(exporter),
  };
  return logInvocations(invocation, (event, context) => handleInvokeEvent(event, context, deps));
}
