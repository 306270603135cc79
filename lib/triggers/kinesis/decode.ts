import type { ExportInput } from '../../messages/index.ts';
import { decodeBody } from '../sqs/decode.ts';
import type { StreamDecoded } from '../streams/shard-order.ts';
import { type KinesisRecord, shardOf, streamOf } from './event.ts';
import { deaggregate, isKplAggregated } from './kpl.ts';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The headers every message of a Kinesis record carries. */
export const KINESIS_HEADERS = {
  stream: 'kinesis.stream',
  shard: 'kinesis.shard',
  sequenceNumber: 'kinesis.sequence_number',
  /** Only on records de-aggregated from a KPL record: the user record's place in it (0-based). */
  subSequenceNumber: 'kinesis.sub_sequence_number',
} as const;

/**
 * The messages of one Kinesis record (DESIGN §4): its data, base64-decoded,
 * read like an SQS body (JSON is its value, a JSON array several messages,
 * other text one string message), with the partition key as every message's
 * default key and the stream, shard and sequence number as headers. A record
 * the Kinesis Producer Library aggregated is de-aggregated: each user record
 * is read the same way, with its own partition key. Data that is not base64,
 * not UTF-8 text, or a corrupt aggregate refuses the record with the reason.
 */
export function decodeKinesisRecord(record: KinesisRecord): StreamDecoded {
  const { data, partitionKey, sequenceNumber } = record.kinesis;
  if (!BASE64.test(data)) return { ok: false, reason: 'kinesis.data: expected base64' };
  const bytes = Buffer.from(data, 'base64');
  const headers = {
    [KINESIS_HEADERS.stream]: streamOf(record.eventSourceARN),
    [KINESIS_HEADERS.shard]: shardOf(record),
    [KINESIS_HEADERS.sequenceNumber]: sequenceNumber,
  };
  if (!isKplAggregated(bytes)) return readUserRecord(bytes, partitionKey, headers, 'kinesis.data');

  const aggregate = deaggregate(bytes);
  if (!aggregate.ok) return aggregate;
  const inputs: ExportInput[] = [];
  for (const [i, user] of aggregate.records.entries()) {
    const decoded = readUserRecord(
      user.data,
      user.partitionKey,
      { ...headers, [KINESIS_HEADERS.subSequenceNumber]: String(i) },
      `kinesis.data (KPL user record ${i})`,
    );
    if (!decoded.ok) return decoded;
    inputs.push(...decoded.inputs);
  }
  return { ok: true, inputs };
}

function readUserRecord(
  bytes: Uint8Array,
  partitionKey: string,
  headers: Record<string, string>,
  what: string,
): StreamDecoded {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, reason: `${what}: expected UTF-8 text; got ${bytes.length} bytes that are not` };
  }
  const inputs = decodeBody(text);
  for (const input of inputs) {
    input.headers = headers;
    // An empty partition key cannot happen in Kinesis (1-256 characters); an empty Kafka key means none.
    if (partitionKey !== '') input.defaultKey = partitionKey;
  }
  return { ok: true, inputs };
}
