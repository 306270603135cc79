import * as z from 'zod/mini';

/** An event an EventBridge rule delivers to its target (any bus, any source). */
export const EventBridgeEventSchema = z.looseObject({
  version: z.string(),
  id: z.string(),
  'detail-type': z.string(),
  source: z.string(),
  account: z.string(),
  time: z.string(),
  region: z.string(),
  resources: z.array(z.string()),
  detail: z.unknown(),
});

export type EventBridgeEvent = z.infer<typeof EventBridgeEventSchema>;

/** True when `event` has EventBridge's envelope (`detail` present, even if null). */
export function isEventBridgeEvent(event: unknown): event is EventBridgeEvent {
  return (
    typeof event === 'object' &&
    event !== null &&
    Object.hasOwn(event, 'detail') &&
    EventBridgeEventSchema.safeParse(event).success
  );
}
