import type { NotDelivered, ProduceRecord } from '../kafka/index.ts';

/** How much of the original value a dead-letter record carries (a record that was too large cannot travel whole). */
export const MAX_ORIGINAL_BYTES = 64 * 1024;

function clip(value: string | Buffer): { text: string; truncated: boolean } {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  if (bytes.length <= MAX_ORIGINAL_BYTES) return { text: bytes.toString('utf8'), truncated: false };
  // Cutting inside a UTF-8 sequence leaves a replacement character at the end, never invalid JSON.
  return { text: bytes.subarray(0, MAX_ORIGINAL_BYTES).toString('utf8'), truncated: true };
}

/**
 * The record written to `dead_letter_topic` for a message that can never be
 * delivered (refused by the broker, or not a valid exporter message): what
 * went wrong and what was sent, so nothing is lost and the trigger need not
 * retry it forever. The original key is kept, so its partition order is kept.
 */
export function deadLetterRecord(
  topic: string,
  failure: NotDelivered['error'],
  original: { record: ProduceRecord } | { message: unknown; json?: string },
  now: () => number,
): ProduceRecord {
  const error = { name: failure.name, code: failure.code ?? null, message: failure.message };
  let body: Record<string, unknown>;
  let key: ProduceRecord['key'] = null;
  if ('record' in original) {
    const { record } = original;
    const value = clip(record.value);
    key = record.key;
    body = {
      error,
      original: {
        topic: record.topic,
        key: record.key?.toString('utf8') ?? null,
        value: value.text,
        truncated: value.truncated,
        headers: record.headers,
        timestamp: record.timestamp,
      },
    };
  } else {
    // The sender's own text when the message came as JSON text: exactly what was refused.
    let text = original.json;
    try {
      text ??= JSON.stringify(original.message) ?? String(original.message);
    } catch {
      text = String(original.message);
    }
    const value = clip(text);
    body = { error, original: { message: value.text, truncated: value.truncated } };
  }
  const failedAt = now();
  return {
    topic,
    key,
    value: JSON.stringify({ ...body, failed_at: new Date(failedAt).toISOString() }),
    timestamp: String(failedAt),
    headers: { 'ske.error.code': failure.code ?? failure.name, 'ske.dead_letter': 'true' },
  };
}
