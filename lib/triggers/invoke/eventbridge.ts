import * as z from 'zod/mini';
import type { EventBridgeConfig } from '../../config/index.ts';
import type { ExportInput } from '../../messages/index.ts';

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

/** The headers of an EventBridge event's record. */
export const EVENTBRIDGE_HEADERS = {
  source: 'eventbridge.source',
  detailType: 'eventbridge.detail-type',
  id: 'eventbridge.id',
} as const;

/**
 * The one message of an EventBridge event (EventBridge to Kafka): the whole
 * event or only its `detail` (`eventbridge.data`) as the record value, taken
 * as data, so a `metadata` inside it never routes the record; `source`,
 * `detail-type` and `id` as headers; the event's `time` as the record time.
 */
export function eventBridgeInput(event: EventBridgeEvent, data: EventBridgeConfig['data']): ExportInput {
  const time = Date.parse(event.time);
  const message = {
    data: data === 'detail' ? event.detail : event,
    ...(Number.isFinite(time) && time >= 0 ? { metadata: { time } } : {}),
  };
  return {
    message,
    headers: {
      [EVENTBRIDGE_HEADERS.source]: event.source,
      [EVENTBRIDGE_HEADERS.detailType]: event['detail-type'],
      [EVENTBRIDGE_HEADERS.id]: event.id,
    },
  };
}
