export { EVENTBRIDGE_HEADERS, eventBridgeInput } from './decode.ts';
export type { EventBridgeEvent } from './event.ts';
export { EventBridgeEventSchema, isEventBridgeEvent } from './event.ts';
