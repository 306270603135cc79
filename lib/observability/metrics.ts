export interface MetricValue {
  value: number;
  unit: 'Count' | 'Milliseconds' | 'Bytes';
}

/** The namespace of the exporter's metrics in CloudWatch. */
export const METRICS_NAMESPACE = 'ServerlessKafkaExporter';

export interface MetricsOptions {
  namespace?: string;
  dimensions?: Record<string, string>;
  /**
   * The combinations of `dimensions` each metric is aggregated by, e.g.
   * `[['Function'], ['Trigger']]`. Default: all of them together.
   */
  dimensionSets?: string[][];
  /** Searchable fields added to each line (the invocation's request id, ...), not dimensions. */
  properties?: () => Record<string, unknown>;
  write?: (line: string) => void;
  now?: () => number;
}

/**
 * A writer of one fixed metric set (names, units, dimensions) in CloudWatch
 * Embedded Metric Format: one JSON log line that CloudWatch turns into
 * metrics with no API call (and no added latency). The line's fixed part is
 * built once, so each call (one per invocation) only adds the timestamp and
 * the values, in the order of `metrics`.
 */
export function metricsWriter(
  metrics: Record<string, MetricValue['unit']>,
  options: MetricsOptions = {},
): (values: readonly number[]) => void {
  const names = Object.keys(metrics);
  const dimensions = options.dimensions ?? {};
  const directive = [
    {
      Namespace: options.namespace ?? METRICS_NAMESPACE,
      Dimensions: options.dimensionSets ?? [Object.keys(dimensions)],
      Metrics: names.map((Name) => ({ Name, Unit: metrics[Name]! })),
    },
  ];
  // The dimension values are the line's own keys after `_aws`: `{...dimensions}` without its braces.
  const dimensionPairs =
    Object.keys(dimensions).length > 0 ? `,${JSON.stringify(dimensions).slice(1, -1)}` : '';
  const middle = `,"CloudWatchMetrics":${JSON.stringify(directive)}}${dimensionPairs}`;
  const quotedNames = names.map((name) => JSON.stringify(name));
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const now = options.now ?? Date.now;
  const properties = options.properties;
  return (values) => {
    let line = `{"_aws":{"Timestamp":${JSON.stringify(now())}${middle}`;
    if (properties) {
      const text = JSON.stringify(properties()).slice(1, -1);
      if (text !== '') line += `,${text}`;
    }
    quotedNames.forEach((name, i) => {
      line += `,${name}:${JSON.stringify(values[i])}`;
    });
    write(`${line}}`);
  };
}
