import { METRICS_NAMESPACE } from '../../lib/observability/metrics.ts';
import {
  type CfnResource,
  type MonitoredFunction,
  type MonitoringSettings,
  type MonitoringView,
  monitoringResources,
} from './monitoring.ts';

/** The parts of the osls `serverless` object the monitoring reads. */
export interface ServerlessLike {
  service: {
    custom?: Record<string, unknown>;
    resources?: {
      Resources?: Record<string, { Type?: string; Properties?: Record<string, unknown>; Condition?: string }>;
    };
    getAllFunctions(): string[];
    getFunction(name: string): { events?: Array<Record<string, unknown>>; destinations?: unknown };
  };
  getProvider(name: 'aws'): { naming: { getLambdaLogicalId(name: string): string } };
}

export const DEFAULT_MONITORING: MonitoringSettings = {
  alarms: true,
  alarmTopicArn: '',
  errorRatePercent: 5,
  periodSeconds: 300,
  evaluationPeriods: 1,
  deadLetterMessages: 1,
  iteratorAgeSeconds: 300,
  dashboard: false,
};

/** Parameters arrive as strings from the command line (`--param="dashboard=true"`). */
function setting<K extends keyof MonitoringSettings>(
  raw: Record<string, unknown>,
  key: K,
): MonitoringSettings[K] {
  const value = raw[key];
  const fallback = DEFAULT_MONITORING[key];
  if (value === undefined || value === null || value === '') return fallback;
  const where = `custom.exporter.${key}`;
  if (typeof fallback === 'boolean') {
    if (value === true || value === 'true') return true as MonitoringSettings[K];
    if (value === false || value === 'false') return false as MonitoringSettings[K];
    throw new Error(`${where}: expected true or false; got ${JSON.stringify(value)}`);
  }
  if (typeof fallback === 'number') {
    const n = typeof value === 'number' ? value : Number(value);
    if (!Number.isFinite(n) || n <= 0 || (key !== 'errorRatePercent' && !Number.isInteger(n)))
      throw new Error(
        `${where}: expected a positive ${key === 'errorRatePercent' ? 'number' : 'integer'}; got ${JSON.stringify(value)}`,
      );
    return n as MonitoringSettings[K];
  }
  if (typeof value !== 'string') throw new Error(`${where}: expected a string; got ${JSON.stringify(value)}`);
  return value as MonitoringSettings[K];
}

/** `custom.exporter` with its defaults; unknown keys are errors, as in exporter.yaml. */
export function monitoringSettings(custom: unknown): MonitoringSettings {
  if (custom === undefined || custom === null) return DEFAULT_MONITORING;
  if (typeof custom !== 'object' || Array.isArray(custom))
    throw new Error(`custom.exporter: expected a map; got ${JSON.stringify(custom)}`);
  const raw = custom as Record<string, unknown>;
  for (const key of Object.keys(raw))
    if (!(key in DEFAULT_MONITORING))
      throw new Error(
        `custom.exporter.${key}: unknown key; expected one of ${Object.keys(DEFAULT_MONITORING).join(', ')}`,
      );
  const out = { ...DEFAULT_MONITORING };
  for (const key of Object.keys(DEFAULT_MONITORING) as Array<keyof MonitoringSettings>)
    (out as Record<string, unknown>)[key] = setting(raw, key);
  return out;
}

/** `{ "Fn::GetAtt": [X, "Arn"] }` names resource X. */
function getAttTarget(value: unknown): string | undefined {
  const getAtt = (value as { 'Fn::GetAtt'?: unknown } | null)?.['Fn::GetAtt'];
  return Array.isArray(getAtt) && getAtt[1] === 'Arn' && typeof getAtt[0] === 'string'
    ? getAtt[0]
    : undefined;
}

/** `{ "Fn::GetAtt": [X, "Arn"] }` or `{ Ref: X }`: resource X. */
function functionTarget(value: unknown): string | undefined {
  const ref = (value as { Ref?: unknown } | null)?.Ref;
  return typeof ref === 'string' ? ref : getAttTarget(value);
}

/**
 * A stream event source mapping written in `resources` (one that exists only
 * under a condition, which an osls `stream` event cannot be): Kinesis and
 * DynamoDB mappings have a starting position and no Kafka topics or MQ queues.
 */
function isStreamMapping(resource: { Type?: string; Properties?: Record<string, unknown> }): boolean {
  const p = resource.Properties ?? {};
  return (
    resource.Type === 'AWS::Lambda::EventSourceMapping' &&
    p.StartingPosition !== undefined &&
    p.Topics === undefined &&
    p.Queues === undefined
  );
}

const onFailureArn = (holder: unknown) =>
  (holder as { destinations?: { onFailure?: { arn?: unknown } | string } } | undefined)?.destinations
    ?.onFailure;

/**
 * What to watch in the service: every function (stream readers marked, by
 * their `stream` events or the stream mappings in `resources`), and every
 * queue of `resources` that something sends undeliverable work to: an SQS
 * redrive target, a function's, a stream event's or a stream mapping's
 * on-failure destination. A conditional queue or mapping is noted with its
 * condition.
 */
export function monitoringView(serverless: ServerlessLike): MonitoringView {
  const { service } = serverless;
  const naming = serverless.getProvider('aws').naming;
  const resources = service.resources?.Resources ?? {};
  const isQueue = (id: string | undefined): id is string =>
    id !== undefined && resources[id]?.Type === 'AWS::SQS::Queue';
  const queues = new Set<string>();
  for (const resource of Object.values(resources)) {
    const redrive = resource.Properties?.RedrivePolicy as { deadLetterTargetArn?: unknown } | undefined;
    const target = getAttTarget(redrive?.deadLetterTargetArn);
    if (isQueue(target)) queues.add(target);
  }
  // Function logical id -> the conditions of its stream mappings in resources ('' = unconditional).
  const mappings = new Map<string, Set<string>>();
  for (const resource of Object.values(resources)) {
    if (!isStreamMapping(resource)) continue;
    const fn = functionTarget(resource.Properties?.FunctionName);
    if (fn !== undefined) mappings.set(fn, (mappings.get(fn) ?? new Set()).add(resource.Condition ?? ''));
    const destination = resource.Properties?.DestinationConfig as
      | { OnFailure?: { Destination?: unknown } }
      | undefined;
    const target = getAttTarget(destination?.OnFailure?.Destination);
    if (isQueue(target)) queues.add(target);
  }
  const functions = service.getAllFunctions().map((name): MonitoredFunction => {
    const fn = service.getFunction(name);
    const events = fn.events ?? [];
    for (const holder of [fn, ...events.map((e) => e.stream)]) {
      const onFailure = onFailureArn(holder);
      const target = getAttTarget(typeof onFailure === 'object' ? onFailure.arn : undefined);
      if (isQueue(target)) queues.add(target);
    }
    const logicalId = naming.getLambdaLogicalId(name);
    const hasStreamEvent = events.some((e) => e.stream !== undefined);
    const conditions = mappings.get(logicalId);
    const monitored: MonitoredFunction = {
      logicalId,
      readsStreams: hasStreamEvent || conditions !== undefined,
    };
    // Its alarm is conditional only when every stream it reads is, under one condition.
    const [only] = conditions && conditions.size === 1 ? [...conditions] : [];
    if (!hasStreamEvent && only) monitored.streamCondition = only;
    return monitored;
  });
  const deadLetterQueues = [...queues].sort();
  const queueConditions: Record<string, string> = {};
  for (const queue of deadLetterQueues) {
    const condition = resources[queue]?.Condition;
    if (condition !== undefined) queueConditions[queue] = condition;
  }
  return { functions, deadLetterQueues, queueConditions, metricsNamespace: METRICS_NAMESPACE };
}

/** The monitoring resources for an osls service, from its `custom.exporter` settings. */
export function monitoringOfService(serverless: ServerlessLike): Record<string, CfnResource> {
  return monitoringResources(
    monitoringView(serverless),
    monitoringSettings(serverless.service.custom?.exporter),
  );
}
