import type { Delivery, NotDelivered } from '../kafka/index.ts';
import { type Logger, metricsWriter } from '../observability/index.ts';
import type { ExportSummary } from './types.ts';

/** Writes one invocation's metrics: messages exported, failed, and the export's duration. */
export type ExportMetrics = (values: readonly [exported: number, failed: number, ms: number]) => void;

/**
 * The exporter's CloudWatch metrics (EMF lines), aggregated by Function and,
 * for a trigger's exporter, by Trigger; undefined when SKE_METRICS=off (local
 * runs); on by default.
 */
export function exportMetrics(
  env: Record<string, string | undefined>,
  functionName: string,
  options: {
    trigger?: string | undefined;
    properties?: (() => Record<string, unknown>) | undefined;
    write?: ((line: string) => void) | undefined;
  } = {},
): ExportMetrics | undefined {
  if (env.SKE_METRICS === 'off') return undefined;
  const { trigger, properties, write } = options;
  return metricsWriter(
    { Exported: 'Count', Failed: 'Count', ProduceLatency: 'Milliseconds' },
    {
      ...(trigger === undefined
        ? { dimensions: { Function: functionName } }
        : {
            dimensions: { Function: functionName, Trigger: trigger },
            dimensionSets: [['Function'], ['Trigger']],
          }),
      ...(properties ? { properties } : {}),
      ...(write ? { write } : {}),
    },
  );
}

/** Counts the results, logs `export finished` (with the first error) and writes the metrics. */
export function summarize(
  results: Delivery[],
  started: number,
  deps: { now: () => number; logger: Logger; metrics: ExportMetrics | undefined },
): ExportSummary {
  let delivered = 0;
  let firstError: NotDelivered['error'] | undefined;
  for (const r of results) {
    if (r.ok) delivered++;
    else firstError ??= r.error;
  }
  const summary = {
    results,
    delivered,
    failed: results.length - delivered,
    durationMs: deps.now() - started,
  };
  const finished: Record<string, unknown> = {
    messages: results.length,
    delivered,
    failed: summary.failed,
    durationMs: summary.durationMs,
  };
  if (firstError) finished.firstError = firstError;
  deps.logger.info('export finished', finished);
  deps.metrics?.([delivered, summary.failed, summary.durationMs]);
  return summary;
}
