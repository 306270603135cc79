import type { ResolvedConfig } from '../config/index.ts';
import {
  beforeDeadline,
  type Delivery,
  isAuthenticationError,
  type NotDelivered,
  type ProduceRecord,
  ProducerPool,
  sendRecords,
  toNotDelivered,
} from '../kafka/index.ts';
import { jsonTextRecord, mergeHeaders, toRecord } from '../messages/index.ts';
import {
  createLogger,
  type Logger,
  metricsWriter,
  processRedactor,
  type Redactor,
} from '../observability/index.ts';
import { getDefaultSecretCache, type SecretCache } from '../secrets/index.ts';
import { deadLetterRecord } from './dead-letter.ts';
import { type Runtime, RuntimeLoader } from './runtime.ts';
import type { ExportInput, ExportOptions, ExportSummary } from './types.ts';

export interface ExporterDeps {
  env?: Record<string, string | undefined>;
  secrets?: SecretCache;
  pool?: ProducerPool;
  logger?: Logger;
  redactor?: Redactor;
  now?: () => number;
  fetch?: typeof fetch;
  /** Re-resolve the config (and so re-read secrets) after this long. Default: 5 minutes, the secret TTL. */
  refreshConfigAfterMs?: number;
  /** Name used as the metrics dimension. Default AWS_LAMBDA_FUNCTION_NAME, else 'local'. */
  functionName?: string;
  locate?: ConstructorParameters<typeof RuntimeLoader>[0]['locate'];
  /** Where log and metric lines go. Default: standard output (CloudWatch Logs in Lambda). */
  write?: (line: string) => void;
}

export interface Exporter {
  /** The resolved config (loaded on first use, refreshed like the producer's credentials). */
  config(): Promise<ResolvedConfig>;
  /**
   * Sends the messages and returns one result per input, in order. Consumes
   * the inputs: an input whose message became a record has its `message`
   * released (set to undefined) before the send, so a batch does not keep the
   * parsed values alive next to their JSON. Callers read messages before.
   */
  export(inputs: readonly ExportInput[], options: ExportOptions): Promise<ExportSummary>;
  /** Disconnects warm producers (tests, the local runner). */
  close(): Promise<void>;
}

/**
 * The exporter the triggers call: decodes Mage messages into records, sends
 * them with the warm producer, and returns one result per message. Kafka
 * problems are results, not exceptions; config errors throw (nothing can be
 * sent). On an authentication failure secrets and tokens are refreshed once
 * and the failed records retried once (credential rotation).
 */
export function createExporter(deps: ExporterDeps = {}): Exporter {
  const env = deps.env ?? process.env;
  const now = deps.now ?? Date.now;
  const logger = deps.logger ?? createLogger(deps.write ? { write: deps.write } : {});
  const redactor = deps.redactor ?? processRedactor;
  const secrets = deps.secrets ?? getDefaultSecretCache();
  const pool = deps.pool ?? new ProducerPool();
  const refreshAfter = deps.refreshConfigAfterMs ?? 5 * 60_000;
  const functionName = deps.functionName ?? env.AWS_LAMBDA_FUNCTION_NAME ?? 'local';
  // SKE_METRICS=off silences the EMF lines (local runs); CloudWatch metrics are on by default.
  const writeMetrics =
    env.SKE_METRICS === 'off'
      ? undefined
      : metricsWriter(
          { Exported: 'Count', Failed: 'Count', ProduceLatency: 'Milliseconds' },
          { dimensions: { Function: functionName }, ...(deps.write ? { write: deps.write } : {}) },
        );
  const loader = new RuntimeLoader({
    env,
    secrets,
    logger,
    redactor,
    now,
    fetch: deps.fetch,
    locate: deps.locate,
  });
  /** The latest load of the runtime, and what it gave once done (for the warm path to read without awaiting). */
  let runtime: { loading: Promise<Runtime>; loaded?: Runtime } | undefined;

  /** The loaded runtime while it is fresh (every warm invocation), else undefined. */
  function freshRuntime(): Runtime | undefined {
    const loaded = runtime?.loaded;
    return loaded && now() - loaded.resolvedAt < refreshAfter ? loaded : undefined;
  }

  async function currentRuntime(force = false): Promise<Runtime> {
    const previous = runtime ? await runtime.loading.catch(() => undefined) : undefined;
    if (!force && previous && now() - previous.resolvedAt < refreshAfter) return previous;
    const entry: NonNullable<typeof runtime> = { loading: loader.load() };
    runtime = entry;
    entry.loading.then(
      (rt) => {
        entry.loaded = rt;
      },
      () => {
        if (runtime === entry) runtime = undefined;
      },
    );
    const next = await entry.loading;
    // New credentials mean a new connection; the old producer is closed, not leaked.
    if (previous && previous.producerKey !== next.producerKey) await pool.discard(previous.producerKey);
    return next;
  }

  async function send(rt: Runtime, records: ProduceRecord[], deadline: number): Promise<Delivery[]> {
    // Nothing to send is not a reason to connect (an empty SQS body, a schedule with no input).
    if (records.length === 0) return [];
    try {
      if (rt.ensureCredentials) await rt.ensureCredentials(deadline);
      const warm =
        pool.ready(rt.producerKey) ??
        (await beforeDeadline(
          pool.get(rt.producerKey, rt.kafkaOptions, { idempotent: rt.config.idempotent }),
          deadline,
          'connecting to Kafka',
        ));
      return await sendRecords(warm.producer, warm.assigner, records, {
        batchSize: rt.config.batchSize,
        ackTimeoutMs: rt.config.timeoutMs,
        acks: rt.config.acks,
        compression: rt.config.compression,
        deadline,
      });
    } catch (err) {
      // Only getting credentials or connecting can throw here: every record shares its fate.
      const failure = toNotDelivered(err);
      return records.map(() => failure);
    }
  }

  /**
   * Messages that can never be delivered (not retriable: refused by the
   * broker, or not valid messages) go to `dead_letter_topic`; once that is
   * acknowledged they count as handled, so triggers do not retry them forever.
   * Retriable failures are left to the trigger's retry.
   */
  async function deadLetter(
    rt: Runtime,
    topic: string,
    results: Delivery[],
    inputs: readonly ExportInput[],
    records: readonly ProduceRecord[],
    positions: readonly number[],
    deadline: number,
  ): Promise<void> {
    const recordAt = new Map(positions.map((position, n) => [position, records[n]!]));
    const failed = results.flatMap((r, i) => (!r.ok && !r.error.retriable ? [i] : []));
    if (failed.length === 0) return;
    const letters = failed.map((i) => {
      const failure = (results[i] as Extract<Delivery, { ok: false }>).error;
      const record = recordAt.get(i);
      return deadLetterRecord(topic, failure, record ? { record } : { message: inputs[i]!.message }, now);
    });
    const sent = await send(rt, letters, deadline);
    sent.forEach((d, k) => {
      const i = failed[k]!;
      const failure = (results[i] as Extract<Delivery, { ok: false }>).error;
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
    logger.warn('messages sent to the dead-letter topic', {
      topic,
      messages: failed.length,
      delivered: sent.filter((d) => d.ok).length,
    });
  }

  async function exportInputs(
    inputs: readonly ExportInput[],
    { deadline }: ExportOptions,
  ): Promise<ExportSummary> {
    const started = now();
    loader.setDeadline(deadline);
    let rt = freshRuntime() ?? (await currentRuntime());
    const results: Delivery[] = new Array(inputs.length);
    const records: ProduceRecord[] = [];
    const positions: number[] = [];
    inputs.forEach((input, i) => {
      const defaults = {
        topic: rt.config.topic,
        now,
        // The trigger's headers over the config's (no object built when the trigger adds none).
        headers: mergeHeaders(rt.config.headers, input.headers),
      };
      const decoded =
        input.jsonText === undefined
          ? toRecord(input.message, defaults)
          : { ok: true as const, record: jsonTextRecord(input.jsonText, defaults) };
      if (!decoded.ok) {
        results[i] = toNotDelivered(decoded.error);
        return;
      }
      if (decoded.record.key === null && input.defaultKey !== undefined)
        decoded.record.key = input.defaultKey;
      records.push(decoded.record);
      positions.push(i);
      // The record holds all that is sent; dropping the parsed message now spares the GC copying it
      // (with its strings) on every scavenge while Kafka answers. See Exporter.export.
      input.message = undefined;
    });

    let deliveries = await send(rt, records, deadline);
    const refused: number[] = [];
    deliveries.forEach((d, n) => {
      if (!d.ok && isAuthenticationError(d.error)) refused.push(n);
    });
    if (refused.length > 0 && now() < deadline) {
      logger.warn('Kafka refused the credentials: refreshing secrets and tokens once and retrying', {
        records: refused.length,
      });
      secrets.refresh();
      loader.invalidateTokens();
      await pool.discard(rt.producerKey);
      rt = await currentRuntime(true);
      const retried = await send(
        rt,
        refused.map((n) => records[n]!),
        deadline,
      );
      deliveries = deliveries.slice();
      refused.forEach((n, k) => {
        deliveries[n] = retried[k]!;
      });
    }
    deliveries.forEach((d, n) => {
      results[positions[n]!] = d;
    });
    if (rt.config.deadLetterTopic !== undefined) {
      await deadLetter(rt, rt.config.deadLetterTopic, results, inputs, records, positions, deadline);
    }

    let delivered = 0;
    let firstError: NotDelivered['error'] | undefined;
    for (const r of results) {
      if (r.ok) delivered++;
      else firstError ??= r.error;
    }
    const summary = { results, delivered, failed: results.length - delivered, durationMs: now() - started };
    const finished: Record<string, unknown> = {
      messages: results.length,
      delivered,
      failed: summary.failed,
      durationMs: summary.durationMs,
    };
    if (firstError) finished.firstError = firstError;
    logger.info('export finished', finished);
    writeMetrics?.([delivered, summary.failed, summary.durationMs]);
    return summary;
  }

  return {
    config: async () => (freshRuntime() ?? (await currentRuntime())).config,
    export: exportInputs,
    close: () => pool.closeAll(),
  };
}
