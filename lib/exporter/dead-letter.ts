import type { Delivery, ProduceRecord } from '../kafka/index.ts';
import type { ExportInput } from '../messages/index.ts';
import type { Logger } from '../observability/index.ts';
import { deadLetterRecord } from './dead-letter-record.ts';
import type { Runtime } from './runtime.ts';
import type { Send } from './send.ts';

type Failed = Extract<Delivery, { ok: false }>;

/**
 * Messages that can never be delivered (not retriable: refused by the
 * broker, or not valid messages) go to `dead_letter_topic`; once that is
 * acknowledged they count as handled (results[i] becomes the dead letter's
 * delivery, marked `deadLettered`), so triggers do not retry them forever.
 * Retriable failures are left to the trigger's retry.
 */
export async function deadLetter(
  rt: Runtime,
  topic: string,
  batch: { results: Delivery[]; records: readonly ProduceRecord[]; positions: readonly number[] },
  inputs: readonly ExportInput[],
  deadline: number,
  deps: { send: Send; logger: Logger; now: () => number },
): Promise<void> {
  const { results, records, positions } = batch;
  const failed = results.flatMap((r, i) => (!r.ok && !r.error.retriable ? [i] : []));
  if (failed.length === 0) return;
  const recordAt = new Map(positions.map((position, n) => [position, records[n]!]));
  const letters = failed.map((i) => {
    const failure = (results[i] as Failed).error;
    const record = recordAt.get(i);
    const { message, json } = inputs[i]!;
    const original = record ? { record } : json === undefined ? { message } : { message, json };
    return deadLetterRecord(topic, failure, original, deps.now);
  });
  const sent = await deps.send(rt, letters, deadline);
  sent.forEach((d, k) => {
    const i = failed[k]!;
    const failure = (results[i] as Failed).error;
    if (d.ok)
      results[i] = {
        ...d,
        deadLettered: {
          name: failure.name,
          ...(failure.code ? { code: failure.code } : {}),
          message: failure.message,
        },
      };
  });
  deps.logger.warn('messages sent to the dead-letter topic', {
    topic,
    messages: failed.length,
    delivered: sent.filter((d) => d.ok).length,
  });
}
