export interface MetricValue {
  value: number;
  unit: 'Count' | 'Milliseconds' | 'Bytes';
}

export interface MetricsOptions {
  namespace?: string;
  dimensions?: Record<string, string>;
  write?: (line: string) => void;
  now?: () => number;
}

/** The parts of an EMF line that stay the same between calls with the same metrics and dimensions. */
interface LineTemplate {
  /** `{"_aws":{"Timestamp":` */
  head: string;
  /** `,"CloudWatchMetrics":[...]}` plus the dimensions' `,"Name":"value"` pairs. */
  middle: string;
  /** The JSON of each metric name, in order. */
  names: string[];
}

const templates = new Map<string, LineTemplate>();

function templateFor(
  namespace: string,
  dimensions: Record<string, string>,
  metrics: Record<string, MetricValue>,
): LineTemplate {
  const names = Object.keys(metrics);
  const key = JSON.stringify([namespace, dimensions, names.map((name) => [name, metrics[name]!.unit])]);
  let template = templates.get(key);
  if (template === undefined) {
    const directive = [
      {
        Namespace: namespace,
        Dimensions: [Object.keys(dimensions)],
        Metrics: names.map((Name) => ({ Name, Unit: metrics[Name]!.unit })),
      },
    ];
    // The dimension values are the object's own keys after `_aws`: `{...dimensions}` without its braces.
    const dimensionPairs =
      Object.keys(dimensions).length > 0 ? `,${JSON.stringify(dimensions).slice(1, -1)}` : '';
    template = {
      head: '{"_aws":{"Timestamp":',
      middle: `,"CloudWatchMetrics":${JSON.stringify(directive)}}${dimensionPairs}`,
      names: names.map((name) => JSON.stringify(name)),
    };
    // Callers use a handful of fixed metric sets; the bound only guards against misuse.
    if (templates.size < 64) templates.set(key, template);
  }
  return template;
}

/**
 * A writer of one fixed metric set (names, units, dimensions): the line's
 * fixed part is built once, so each call only adds the timestamp and values.
 */
export function metricsWriter(
  metrics: Record<string, MetricValue['unit']>,
  options: MetricsOptions = {},
): (values: readonly number[]) => void {
  const units = Object.fromEntries(Object.entries(metrics).map(([name, unit]) => [name, { value: 0, unit }]));
  const template = templateFor(
    options.namespace ?? 'ServerlessKafkaExporter',
    options.dimensions ?? {},
    units,
  );
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const now = options.now ?? Date.now;
  return (values) => {
    let line = `${template.head}${JSON.stringify(now())}${template.middle}`;
    template.names.forEach((name, i) => {
      line += `,${name}:${JSON.stringify(values[i])}`;
    });
    write(`${line}}`);
  };
}

/**
 * Writes metrics in CloudWatch Embedded Metric Format: one JSON log line that
 * CloudWatch turns into metrics with no API call (and no added latency). The
 * fixed part of the line is built once per metric set (this runs on every
 * invocation).
 */
export function emitMetrics(metrics: Record<string, MetricValue>, options: MetricsOptions = {}): void {
  const namespace = options.namespace ?? 'ServerlessKafkaExporter';
  const dimensions = options.dimensions ?? {};
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const template = templateFor(namespace, dimensions, metrics);
  let line = `${template.head}${JSON.stringify((options.now ?? Date.now)())}${template.middle}`;
  Object.values(metrics).forEach((metric, i) => {
    line += `,${template.names[i]}:${JSON.stringify(metric.value)}`;
  });
  write(`${line}}`);
}
