import type { Exporter } from '../../exporter/index.ts';
import type { ExportInput } from '../../messages/index.ts';
import { invocationTraceHeaders, type Logger, type TraceHeaders } from '../../observability/index.ts';
import { type LambdaContextLike, untilDeadline } from '../deadline.ts';
import { decodeSqsRecord } from './decode.ts';
import { parseSqsEvent } from './event.ts';
import { exportInGroupOrder, isFifoBatch } from './fifo.ts';
import { type SqsBatchResponse, toBatchResponse } from './reply.ts';

export interface SqsHandlerDeps {
  exporter: Exporter;
  logger: Logger;
  env?: Record<string, string | undefined>;
}

/** A record's messages, or why it has none that can be sent. */
type Decoded = { ok: true; inputs: ExportInput[] } | { ok: false };

async function exportRecords(
  exporter: Exporter,
  decoded: readonly Decoded[],
  deadline: number,
  traceHeaders: TraceHeaders | undefined,
): Promise<boolean[]> {
  const inputs: ExportInput[] = [];
  const owner: number[] = [];
  decoded.forEach((d, i) => {
    if (!d.ok) return;
    for (const input of d.inputs) {
      inputs.push(input);
      owner.push(i);
    }
  });
  const ok = decoded.map((d) => d.ok);
  if (inputs.length === 0) return ok;
  const { results } = await exporter.export(inputs, { deadline, traceHeaders });
  results.forEach((r, n) => {
    if (!r.ok) ok[owner[n]!] = false;
  });
  return ok;
}

/**
 * The SQS trigger: every record's body becomes one or more messages; the
 * reply names exactly the records with any message Kafka did not acknowledge.
 * A malformed event (not an SQS event at all) throws.
 */
export function handleSqsEvent(
  event: unknown,
  context: LambdaContextLike,
  deps: SqsHandlerDeps,
): Promise<SqsBatchResponse> {
  return untilDeadline(context, deps.env, (deadline) => handleSqsBatch(event, deadline, deps));
}

async function handleSqsBatch(
  event: unknown,
  deadline: number,
  deps: SqsHandlerDeps,
): Promise<SqsBatchResponse> {
  const { Records: records } = parseSqsEvent(event);
  // For messages without a trace of their own (attribute or AWSTraceHeader): the invocation's.
  const traceHeaders = invocationTraceHeaders(deps.env);
  // A config error fails the whole batch loudly (and every cold start parses the config up front).
  await deps.exporter.config();
  const decoded: Decoded[] = records.map((record) => {
    const result = decodeSqsRecord(record);
    if (result.ok) return result;
    deps.logger.warn('SQS record cannot be decoded; reporting it failed', {
      messageId: record.messageId,
      reason: result.reason,
    });
    return { ok: false };
  });
  // FIFO: in group order (fifo.ts); otherwise every record's messages in one export.
  const ok = isFifoBatch(records)
    ? await exportInGroupOrder(records, async (i) => {
        const [recordOk] = await exportRecords(deps.exporter, [decoded[i]!], deadline, traceHeaders);
        return recordOk!;
      })
    : await exportRecords(deps.exporter, decoded, deadline, traceHeaders);
  return toBatchResponse(records, ok);
}
