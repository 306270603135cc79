import type { DynamodbConfig } from '../../config/index.ts';
import type { Exporter } from '../../exporter/index.ts';
import { invocationTraceHeaders, type Logger } from '../../observability/index.ts';
import { type LambdaContextLike, untilDeadline } from '../deadline.ts';
import { type StreamBatchResponse, toStreamBatchResponse } from '../streams/reply.ts';
import { exportInShardOrder, type ShardRecord } from '../streams/shard-order.ts';
import { decodeDynamodbRecord } from './decode.ts';
import { parseDynamodbEvent } from './event.ts';

export interface DynamodbHandlerDeps {
  exporter: Exporter;
  logger: Logger;
  /** The `dynamodb` section of the config (which parts a message holds, which order is kept). */
  settings: () => Promise<DynamodbConfig>;
  env?: Record<string, string | undefined>;
}

/**
 * The DynamoDB Streams trigger: each stream record becomes one message, the
 * records go out in order (the whole shard, or each item's with `ordering:
 * key`) and stop at the first failure (see exportInShardOrder; a Lambda batch
 * holds one shard, which the event does not name, so records are grouped by
 * stream), and the reply names the records to
 * retry by sequence number. A malformed event (not a DynamoDB Streams event)
 * throws. Records carry the invocation's trace context.
 */
export function handleDynamodbEvent(
  event: unknown,
  context: LambdaContextLike,
  deps: DynamodbHandlerDeps,
): Promise<StreamBatchResponse> {
  return untilDeadline(context, deps.env, (deadline) => handleDynamodbBatch(event, deadline, deps));
}

async function handleDynamodbBatch(
  event: unknown,
  deadline: number,
  deps: DynamodbHandlerDeps,
): Promise<StreamBatchResponse> {
  const { Records: records } = parseDynamodbEvent(event);
  // A config error fails the whole batch loudly (and every cold start parses the config up front).
  const { parts, ordering } = await deps.settings();
  const shardRecords = records.map((record): ShardRecord => {
    const decoded = decodeDynamodbRecord(record, parts);
    if (!decoded.ok)
      deps.logger.warn(
        'DynamoDB stream record cannot be decoded; reporting it and the rest of its shard failed',
        {
          sequenceNumber: record.dynamodb.SequenceNumber,
          reason: decoded.reason,
        },
      );
    const shardRecord: ShardRecord = { shard: record.eventSourceARN, decoded };
    // The item key is the default key of the record's one message.
    if (ordering === 'key' && decoded.ok) shardRecord.lane = decoded.inputs[0]?.defaultKey;
    return shardRecord;
  });
  const ok = await exportInShardOrder(deps.exporter, shardRecords, {
    deadline,
    traceHeaders: invocationTraceHeaders(deps.env),
  });
  return toStreamBatchResponse(
    records.map((record) => record.dynamodb.SequenceNumber),
    ok,
  );
}
