import { afterAll, describe, expect, it } from 'vitest';
import { stackLayout } from '../../infra/stack/layout.ts';
import { stopNamed } from '../../infra/stack/services.ts';
import { up } from '../../infra/stack/stack.ts';
import { handleHttpEvent } from '../../lib/triggers/http/handler.ts';
import { handleSqsEvent } from '../../lib/triggers/sqs/handler.ts';
import { loadEvent } from '../events/load.ts';
import { createTopics, uniqueTopic } from '../helpers/kafka.ts';
import { context, type TriggerHarness, triggerHarness } from '../helpers/triggers.ts';

const layout = stackLayout();
const harnesses: TriggerHarness[] = [];

afterAll(async () => {
  for (const h of harnesses) await h.exporter.close();
  // Leave the broker as the other test files expect it.
  await up(layout);
}, 180_000);

describe('with the broker stopped', () => {
  it('SQS reports every record failed and HTTP answers 503, both before the deadline, warm or cold', async () => {
    const [topic] = await createTopics([uniqueTopic('down')]);
    const warm = await triggerHarness(topic!);
    harnesses.push(warm);
    expect((await handleSqsEvent(loadEvent('sqs/standard'), context(), warm)).batchItemFailures).toEqual([]);

    await stopNamed(layout, 'kafka');
    const cold = await triggerHarness(topic!);
    harnesses.push(cold);

    for (const [name, h] of [
      ['warm', warm],
      ['cold', cold],
    ] as const) {
      const event = loadEvent<{ Records: Array<{ messageId: string }> }>('sqs/standard');
      let started = Date.now();
      const sqs = await handleSqsEvent(event, context(8000), h);
      const sqsMs = Date.now() - started;
      expect(
        sqs.batchItemFailures.map((f) => f.itemIdentifier),
        name,
      ).toEqual(event.Records.map((r) => r.messageId));
      expect(sqsMs, `${name} SQS answered within its 8 s`).toBeLessThan(8000);

      started = Date.now();
      const http = (await handleHttpEvent(loadEvent('apigw/rest-v1'), context(8000), h)) as {
        statusCode: number;
        headers: Record<string, string>;
        body: string;
      };
      const httpMs = Date.now() - started;
      expect(http.statusCode, `${name}: ${http.body}`).toBe(503);
      expect(http.headers['retry-after']).toBe('5');
      expect(JSON.parse(http.body)).toMatchObject({
        error: 'Kafka is unavailable; retry later',
        code: expect.any(String),
        delivered: 0,
        failed: 1,
      });
      expect(httpMs, `${name} HTTP answered within its 8 s`).toBeLessThan(8000);
      console.log(`[broker down] ${name}: SQS failed in ${sqsMs} ms, HTTP 503 in ${httpMs} ms`);
    }
  }, 120_000);
});
