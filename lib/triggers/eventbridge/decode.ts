import type { EventBridgeConfig } from '../../config/index.ts';
import type { ExportInput } from '../../exporter/index.ts';
import type { EventBridgeEvent } from './event.ts';

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
