import type { KinesisConfig } from '../../config/index.ts';
import type { Exporter } from '../../exporter/index.ts';
import { invocationTraceHeaders, type Logger } from '../../observability/index.ts';
import { type LambdaContextLike, untilDeadline } from '../deadline.ts';
import { type StreamBatchResponse, toStreamBatchResponse } from '../streams/reply.ts';
import { exportInShardOrder, type ShardRecord } from '../streams/shard-order.ts';
import { decodeKinesisRecord } from './decode.ts';
import { parseKinesisEvent, shardOf } from './event.ts';

export interface KinesisHandlerDeps {
  exporter: Exporter;
  logger: Logger;
  /** The `kinesis` section of the config (which order is kept). Default: whole shards in order. */
  settings?: () => Promise<KinesisConfig>;
  env?: Record<string, string | undefined>;
}

/**
 * The Kinesis Data Streams trigger: each record's data becomes messages, each
 * shard is exported in order (the whole shard, or each partition key's with
 * `ordering: key`) and stops at its first failure (see
 * exportInShardOrder), and the reply names the records to retry by sequence
 * number. A malformed event (not a Kinesis event at all) throws. Records
 * carry the invocation's trace context (Kinesis records have none of their own).
 */
export function handleKinesisEvent(
  event: unknown,
  context: LambdaContextLike,
  deps: KinesisHandlerDeps,
): Promise<StreamBatchResponse> {
  return untilDeadline(context, deps.env, (deadline) => handleKinesisBatch(event, deadline, deps));
}

async function handleKinesisBatch(
  event: unknown,
  deadline: number,
  deps: KinesisHandlerDeps,
): Promise<StreamBatchResponse> {
  const { Records: records } = parseKinesisEvent(event);
  // A config error fails the whole batch loudly (and every cold start parses the config up front).
  await deps.exporter.config();
  const { ordering } = (await deps.settings?.()) ?? { ordering: 'shard' };
  const shardRecords = records.map((record): ShardRecord => {
    const decoded = decodeKinesisRecord(record);
    if (!decoded.ok)
      deps.logger.warn('Kinesis record cannot be decoded; reporting it and the rest of its shard failed', {
        sequenceNumber: record.kinesis.sequenceNumber,
        shard: shardOf(record),
        reason: decoded.reason,
      });
    const shardRecord: ShardRecord = { shard: shardOf(record), decoded };
    if (ordering === 'key') shardRecord.lane = record.kinesis.partitionKey;
    return shardRecord;
  });
  const ok = await exportInShardOrder(deps.exporter, shardRecords, {
    deadline,
    traceHeaders: invocationTraceHeaders(deps.env),
  });
  return toStreamBatchResponse(
    records.map((record) => record.kinesis.sequenceNumber),
    ok,
  );
}
