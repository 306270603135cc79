import { createInvokeHandler } from '../lib/triggers/invoke/create.ts';

/** EventBridge schedules and rules (EventBridge to Kafka) and direct invocations: a summary, or a thrown error when anything failed. */
export const handler = createInvokeHandler();
