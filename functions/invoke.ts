import type { LambdaContextLike } from '../lib/triggers/deadline.ts';
import { handleInvokeEvent } from '../lib/triggers/invoke-handler.ts';
import { triggerDeps } from '../lib/triggers/wiring.ts';

const { exporter } = triggerDeps('invoke');
const scheduledInput = async () => (await exporter.config()).schedule.input;
const eventBridgeData = async () => (await exporter.config()).eventbridge.data;

/** EventBridge schedules and rules (EventBridge to Kafka) and direct invocations: a summary, or a thrown error when anything failed. */
export const handler = (event: unknown, context: LambdaContextLike) =>
  handleInvokeEvent(event, context, { exporter, scheduledInput, eventBridgeData });
