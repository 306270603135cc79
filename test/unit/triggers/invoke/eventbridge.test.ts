import { describe, expect, it } from 'vitest';
import { localContext } from '../../../../lib/triggers/deadline.ts';
import { isEventBridgeEvent } from '../../../../lib/triggers/invoke/eventbridge.ts';
import { handleInvokeEvent } from '../../../../lib/triggers/invoke/handler.ts';
import { loadEvent } from '../../../events/load.ts';
import { fakeExporter } from '../../properties/fake-exporter.ts';

async function exported(event: unknown, data?: 'event' | 'detail') {
  const exporter = fakeExporter();
  const deps = {
    exporter,
    scheduledInput: async () => ({ scheduled: true }),
    ...(data ? { eventBridgeData: async () => data } : {}),
    env: {},
  };
  const summary = await handleInvokeEvent(event, localContext(), deps);
  return { summary, inputs: exporter.inputs() };
}

const headers = {
  'eventbridge.source': 'com.example.apiary',
  'eventbridge.detail-type': 'Hive Inspected',
  'eventbridge.id': '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
};
const time = Date.parse('2026-12-01T10:00:00Z');

describe('EventBridge to Kafka (invoke function)', () => {
  it('sends the whole event as data by default, with source, detail-type and id as headers and its time', async () => {
    const event = loadEvent('eventbridge/custom-event');
    const { summary, inputs } = await exported(event);
    expect(summary).toMatchObject({ messages: 1, delivered: 1, failed: 0 });
    expect(inputs).toEqual([{ message: { data: event, metadata: { time } }, headers }]);
  });

  it('sends only the detail with eventbridge.data: detail, never routed by a metadata inside it', async () => {
    const event = loadEvent<{ detail: unknown }>('eventbridge/custom-event');
    const { inputs } = await exported(event, 'detail');
    expect(inputs).toEqual([{ message: { data: event.detail, metadata: { time } }, headers }]);
  });

  it('keeps a schedule on its configured input and a { messages } invocation on its messages', async () => {
    expect((await exported(loadEvent('schedule/eventbridge-scheduled'), 'detail')).inputs).toEqual([
      { message: { scheduled: true } },
    ]);
    expect((await exported({ messages: [1, 2] })).inputs).toEqual([{ message: 1 }, { message: 2 }]);
  });

  it('takes only events with the whole EventBridge envelope for EventBridge events', () => {
    const event = loadEvent<Record<string, unknown>>('eventbridge/custom-event');
    expect(isEventBridgeEvent(event)).toBe(true);
    expect(isEventBridgeEvent({ ...event, detail: null })).toBe(true);
    const { detail: _, ...withoutDetail } = event;
    expect(isEventBridgeEvent(withoutDetail)).toBe(false);
    expect(isEventBridgeEvent({ ...event, source: 7 })).toBe(false);
    expect(isEventBridgeEvent({ source: 'x', detail: {} })).toBe(false);
  });

  it('sends any other event as one message, as before', async () => {
    expect((await exported({ data: { bees: 1 } })).inputs).toEqual([{ message: { data: { bees: 1 } } }]);
  });
});
