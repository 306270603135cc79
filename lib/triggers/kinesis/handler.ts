import type { Exporter } from '../../exporter/index.ts';
import type { Logger } from '../../observability/index.ts';
import { invocationDeadline, type LambdaContextLike } from '../deadline.ts';
import {
  exportInShardOrder,
  type ShardRecord,
  type StreamBatchResponse,
  toStreamBatchResponse,
} from '../streams/index.ts';
import { decodeKinesisRecord } from './decoder.ts';
import { parseKinesisEvent, shardOf } from './event.ts';

export interface KinesisHandlerDeps {
  exporter: Exporter;
  logger: Logger;
  env?: Record<string, string | undefined>;
}

/**
 * The Kinesis Data Streams trigger: each record's data becomes messages, each
 * shard is exported in order and stops at its first failure (see
 * exportInShardOrder), and the reply names the records to retry by sequence
 * number. A malformed event (not a Kinesis event at all) throws.
 */
export async function handleKinesisEvent(
  event: unknown,
  context: LambdaContextLike,
  deps: KinesisHandlerDeps,
): Promise<StreamBatchResponse> {
  const { Records: records } = parseKinesisEvent(event);
  const deadline = invocationDeadline(context, deps.env);
  // A config error fails the whole batch loudly (and every cold start parses the config up front).
  await deps.exporter.config();
  const shardRecords = records.map((record): ShardRecord => {
    const decoded = decodeKinesisRecord(record);
    if (!decoded.ok)
      deps.logger.warn('Kinesis record cannot be decoded; reporting it and the rest of its shard failed', {
        sequenceNumber: record.kinesis.sequenceNumber,
        shard: shardOf(record),
        reason: decoded.reason,
      });
    return { shard: shardOf(record), decoded };
  });
  const ok = await exportInShardOrder(deps.exporter, shardRecords, deadline);
  return toStreamBatchResponse(
    records.map((record) => record.kinesis.sequenceNumber),
    ok,
  );
}
