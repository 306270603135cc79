import { invocationDeadlineNow, withInvocationDeadline } from '../aws/deadline.ts';
import type { ResolvedConfig } from '../config/index.ts';
import { ProducerPool } from '../kafka/index.ts';
import type { ExportInput } from '../messages/index.ts';
import { createLogger, type Logger, processRedactor, type Redactor } from '../observability/index.ts';
import type { RegistryDeps } from '../registry/encoder.ts';
import { getDefaultSecretCache, type SecretCache } from '../secrets/index.ts';
import { retryRefusedCredentials } from './auth-retry.ts';
import { deadLetter } from './dead-letter.ts';
import { toRecords } from './records.ts';
import { encodeForRegistry } from './registry-step.ts';
import { RuntimeLoader } from './runtime.ts';
import { RuntimeCache } from './runtime-cache.ts';
import { poolSender } from './send.ts';
import { exportMetrics, summarize } from './summary.ts';
import type { ExportOptions, ExportSummary } from './types.ts';

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
  /** The trigger (sqs, s3, http, invoke): the metrics' second dimension. */
  trigger?: string;
  /** Searchable fields of each metrics line (the invocation's request id, ...). */
  metricsProperties?: () => Record<string, unknown>;
  locate?: ConstructorParameters<typeof RuntimeLoader>[0]['locate'];
  /** Where log and metric lines go. Default: standard output (CloudWatch Logs in Lambda). */
  write?: (line: string) => void;
  /** Clients of the schema registry (tests point Glue at the emulator). */
  registry?: RegistryDeps;
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
  const secrets = deps.secrets ?? getDefaultSecretCache();
  const pool = deps.pool ?? new ProducerPool();
  const metrics = exportMetrics(env, deps.functionName ?? env.AWS_LAMBDA_FUNCTION_NAME ?? 'local', {
    trigger: deps.trigger,
    properties: deps.metricsProperties,
    write: deps.write,
  });
  const loader = new RuntimeLoader({
    env,
    secrets,
    logger,
    redactor: deps.redactor ?? processRedactor,
    now,
    fetch: deps.fetch,
    locate: deps.locate,
    ...(deps.registry ? { registry: deps.registry } : {}),
  });
  const runtimes = new RuntimeCache({
    load: () => loader.load(),
    pool,
    now,
    refreshAfterMs: deps.refreshConfigAfterMs ?? 5 * 60_000,
  });
  const send = poolSender(pool);
  const retryDeps = { secrets, loader, pool, runtimes, send, logger, now };

  function exportInputs(inputs: readonly ExportInput[], options: ExportOptions): Promise<ExportSummary> {
    // Called outside a handler (the CLI, tests): AWS calls on the way (secrets) end by this export's deadline.
    if (invocationDeadlineNow() !== undefined) return exportWithin(inputs, options);
    return withInvocationDeadline(options.deadline, () => exportWithin(inputs, options));
  }

  async function exportWithin(
    inputs: readonly ExportInput[],
    { deadline, traceHeaders }: ExportOptions,
  ): Promise<ExportSummary> {
    const started = now();
    loader.setDeadline(deadline);
    const first = runtimes.fresh() ?? (await runtimes.current());
    const batch = toRecords(inputs, first.config, now, traceHeaders);
    // With schema_registry the encoded records are sent; the dead-letter topic gets the originals (batch).
    const wire = first.encoder
      ? await encodeForRegistry(first.encoder, batch.records, batch.positions, batch.results)
      : batch;
    const sent = await send(first, wire.records, deadline);
    const { rt, deliveries } = await retryRefusedCredentials(first, wire.records, sent, deadline, retryDeps);
    deliveries.forEach((d, n) => {
      batch.results[wire.positions[n]!] = d;
    });
    if (rt.config.deadLetterTopic !== undefined)
      await deadLetter(rt, rt.config.deadLetterTopic, batch, inputs, deadline, { send, logger, now });
    return summarize(batch.results, started, { now, logger, metrics });
  }

  return {
    config: async () => (runtimes.fresh() ?? (await runtimes.current())).config,
    export: exportInputs,
    close: () => pool.closeAll(),
  };
}
