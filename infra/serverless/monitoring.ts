/** A CloudFormation resource as the compiled template holds it. */
export interface CfnResource {
  Type: string;
  Properties: Record<string, unknown>;
  /** Created only when this template condition holds. */
  Condition?: string;
}

/** A function of the service, as the monitoring needs it. */
export interface MonitoredFunction {
  /** Its CloudFormation logical id (`SqsLambdaFunction`); `Ref` gives the function's name. */
  logicalId: string;
  /** Has a Kinesis or DynamoDB stream event source, whose iterator age is worth watching. */
  readsStreams: boolean;
  /** When every stream it reads exists only under one template condition: that condition. */
  streamCondition?: string;
}

/** What the service has that is worth watching. */
export interface MonitoringView {
  functions: readonly MonitoredFunction[];
  /** Logical ids of the queues that hold what could not be delivered (redrive targets, on-failure destinations). */
  deadLetterQueues: readonly string[];
  /** The template condition of each dead-letter queue created only under one. */
  queueConditions?: Readonly<Record<string, string>>;
  /** The EMF namespace the functions write their metrics to. */
  metricsNamespace: string;
}

/** `custom.exporter` in serverless.yml, with its defaults applied (see monitoring-settings.ts). */
export interface MonitoringSettings {
  alarms: boolean;
  /** An SNS topic told when an alarm goes off and when it clears; none when empty. */
  alarmTopicArn: string;
  /** The error rate (errors / invocations, %) over one period that raises the alarm. */
  errorRatePercent: number;
  periodSeconds: number;
  /** Consecutive breaching periods before an alarm goes off. */
  evaluationPeriods: number;
  /** Messages waiting in a dead-letter queue at or above which its alarm goes off. */
  deadLetterMessages: number;
  /** A stream's iterator age (how far behind the function reads) that raises the alarm. */
  iteratorAgeSeconds: number;
  dashboard: boolean;
}

const lambdaMetric = (name: string, logicalId: string, period: number, stat: string) => ({
  Metric: {
    Namespace: 'AWS/Lambda',
    MetricName: name,
    Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalId } }],
  },
  Period: period,
  Stat: stat,
});

function alarm(settings: MonitoringSettings, properties: Record<string, unknown>): CfnResource {
  const actions = settings.alarmTopicArn ? [settings.alarmTopicArn] : [];
  return {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      ...properties,
      EvaluationPeriods: settings.evaluationPeriods,
      DatapointsToAlarm: settings.evaluationPeriods,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      ...(actions.length > 0 ? { AlarmActions: actions, OKActions: actions } : {}),
    },
  };
}

function errorRateAlarm(fn: MonitoredFunction, settings: MonitoringSettings): CfnResource {
  const period = settings.periodSeconds;
  return alarm(settings, {
    AlarmDescription: {
      'Fn::Sub': `\${${fn.logicalId}}: ${settings.errorRatePercent}% or more of the invocations failed`,
    },
    Threshold: settings.errorRatePercent,
    // No invocations is no error rate, not a breach.
    TreatMissingData: 'notBreaching',
    Metrics: [
      { Id: 'errors', MetricStat: lambdaMetric('Errors', fn.logicalId, period, 'Sum'), ReturnData: false },
      {
        Id: 'invocations',
        MetricStat: lambdaMetric('Invocations', fn.logicalId, period, 'Sum'),
        ReturnData: false,
      },
      {
        Id: 'rate',
        Expression: 'IF(invocations > 0, 100 * errors / invocations, 0)',
        Label: 'Error rate (%)',
        ReturnData: true,
      },
    ],
  });
}

function iteratorAgeAlarm(fn: MonitoredFunction, settings: MonitoringSettings): CfnResource {
  const { Metric, Period, Stat } = lambdaMetric(
    'IteratorAge',
    fn.logicalId,
    settings.periodSeconds,
    'Maximum',
  );
  return alarm(settings, {
    AlarmDescription: {
      'Fn::Sub': `\${${fn.logicalId}}: reading its stream ${settings.iteratorAgeSeconds} s or more behind`,
    },
    Namespace: Metric.Namespace,
    MetricName: Metric.MetricName,
    Dimensions: Metric.Dimensions,
    Period,
    Statistic: Stat,
    Threshold: settings.iteratorAgeSeconds * 1000,
    TreatMissingData: 'notBreaching',
  });
}

function deadLetterAlarm(queue: string, settings: MonitoringSettings): CfnResource {
  return alarm(settings, {
    AlarmDescription: {
      'Fn::Sub': `\${${queue}.QueueName}: ${settings.deadLetterMessages} or more messages were not delivered and wait here`,
    },
    Namespace: 'AWS/SQS',
    MetricName: 'ApproximateNumberOfMessagesVisible',
    Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queue, 'QueueName'] } }],
    Period: settings.periodSeconds,
    Statistic: 'Maximum',
    Threshold: settings.deadLetterMessages,
    // SQS sends the metric while the queue exists; missing data is an idle queue.
    TreatMissingData: 'notBreaching',
  });
}

/** A dashboard of the exporter: messages per function (EMF), Lambda errors, DLQ depth, iterator age. */
function dashboard(view: MonitoringView): CfnResource {
  const fnName = (fn: MonitoredFunction) => `\${${fn.logicalId}}`;
  const widget = (title: string, metrics: unknown[][], y: number, x: number, stat = 'Sum') => ({
    type: 'metric',
    x,
    y,
    width: 12,
    height: 6,
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub placeholder, not JavaScript's
    properties: { title, region: '${AWS::Region}', stat, period: 300, view: 'timeSeries', metrics },
  });
  const perFunction = (namespace: string, metric: string, dimension: string, fns = view.functions) =>
    fns.map((fn) => [namespace, metric, dimension, fnName(fn)]);
  // A queue that may not exist cannot be named in the body (one Fn::Sub); its alarm still watches it.
  const queues = view.deadLetterQueues.filter((q) => view.queueConditions?.[q] === undefined);
  const widgets = [
    widget('Messages exported', perFunction(view.metricsNamespace, 'Exported', 'Function'), 0, 0),
    widget('Messages not delivered', perFunction(view.metricsNamespace, 'Failed', 'Function'), 0, 12),
    widget('Lambda errors', perFunction('AWS/Lambda', 'Errors', 'FunctionName'), 6, 0),
    widget(
      'Dead-letter queue depth',
      queues.map((q) => ['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName', `\${${q}.QueueName}`]),
      6,
      12,
      'Maximum',
    ),
  ];
  const streams = view.functions.filter((fn) => fn.readsStreams);
  if (streams.length > 0)
    widgets.push(
      widget(
        'Iterator age (ms)',
        perFunction('AWS/Lambda', 'IteratorAge', 'FunctionName', streams),
        12,
        0,
        'Maximum',
      ),
    );
  return {
    Type: 'AWS::CloudWatch::Dashboard',
    Properties: { DashboardBody: { 'Fn::Sub': JSON.stringify({ widgets }) } },
  };
}

/**
 * The alarms (error rate per function, iterator age per stream-reading
 * function, depth per dead-letter queue) and the optional dashboard, as
 * CloudFormation resources keyed by logical id. An alarm on something created
 * only under a condition is created under the same condition.
 */
export function monitoringResources(
  view: MonitoringView,
  settings: MonitoringSettings,
): Record<string, CfnResource> {
  const out: Record<string, CfnResource> = {};
  const base = (logicalId: string) => logicalId.replace(/LambdaFunction$/, '');
  const under = (resource: CfnResource, condition: string | undefined): CfnResource =>
    condition === undefined ? resource : { ...resource, Condition: condition };
  if (settings.alarms) {
    for (const fn of view.functions) {
      out[`${base(fn.logicalId)}ErrorRateAlarm`] = errorRateAlarm(fn, settings);
      if (fn.readsStreams)
        out[`${base(fn.logicalId)}IteratorAgeAlarm`] = under(
          iteratorAgeAlarm(fn, settings),
          fn.streamCondition,
        );
    }
    for (const queue of view.deadLetterQueues)
      out[`${queue}DepthAlarm`] = under(deadLetterAlarm(queue, settings), view.queueConditions?.[queue]);
  }
  if (settings.dashboard) out.ExporterDashboard = dashboard(view);
  return out;
}
