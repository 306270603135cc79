import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MONITORING,
  monitoringOfService,
  monitoringSettings,
  type ServerlessLike,
} from '../../../infra/serverless/service-view.ts';

type Fn = { events?: Array<Record<string, unknown>>; destinations?: unknown };
type Resources = NonNullable<NonNullable<ServerlessLike['service']['resources']>['Resources']>;

/** An osls service as the plugin sees it: functions by name and the `resources` section. */
function service(functions: Record<string, Fn>, custom?: unknown, more: Resources = {}): ServerlessLike {
  return {
    service: {
      custom: custom === undefined ? {} : { exporter: custom },
      resources: {
        Resources: {
          ...more,
          Main: {
            Type: 'AWS::SQS::Queue',
            Properties: { RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['MainDlq', 'Arn'] } } },
          },
          MainDlq: { Type: 'AWS::SQS::Queue', Properties: {} },
          StreamFailures: { Type: 'AWS::SQS::Queue', Properties: {} },
          AsyncFailures: { Type: 'AWS::SQS::Queue', Properties: {} },
          Topic: { Type: 'AWS::SNS::Topic', Properties: {} },
        },
      },
      getAllFunctions: () => Object.keys(functions),
      getFunction: (name) => functions[name]!,
    },
    getProvider: () => ({
      naming: { getLambdaLogicalId: (name) => `${name[0]!.toUpperCase()}${name.slice(1)}LambdaFunction` },
    }),
  };
}

const sqs = { events: [{ sqs: { arn: { 'Fn::GetAtt': ['Main', 'Arn'] } } }] };
const kinesis = {
  events: [
    {
      stream: {
        type: 'kinesis',
        arn: 'arn:aws:kinesis:eu-west-1:123456789012:stream/events',
        destinations: { onFailure: { arn: { 'Fn::GetAtt': ['StreamFailures', 'Arn'] }, type: 'sqs' } },
      },
    },
  ],
};
const s3 = { destinations: { onFailure: { type: 'sqs', arn: { 'Fn::GetAtt': ['AsyncFailures', 'Arn'] } } } };

describe('the alarms the plugin adds', () => {
  it('watches the error rate of every function, the iterator age of stream readers and every dead-letter queue', () => {
    const resources = monitoringOfService(service({ sqs, kinesis, s3 }));
    expect(Object.keys(resources).sort()).toEqual([
      'AsyncFailuresDepthAlarm',
      'KinesisErrorRateAlarm',
      'KinesisIteratorAgeAlarm',
      'MainDlqDepthAlarm',
      'S3ErrorRateAlarm',
      'SqsErrorRateAlarm',
      'StreamFailuresDepthAlarm',
    ]);
  });

  it('finds stream mappings written in resources, and alarms under their condition when they have one', () => {
    const mapping = (fn: string, condition: string) => ({
      Type: 'AWS::Lambda::EventSourceMapping',
      Condition: condition,
      Properties: {
        FunctionName: { 'Fn::GetAtt': [fn, 'Arn'] },
        EventSourceArn: { Ref: 'StreamArn' },
        StartingPosition: 'LATEST',
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['ConditionalFailures', 'Arn'] } } },
      },
    });
    const resources = monitoringOfService(
      service(
        { sqs, dynamodb: {} },
        { dashboard: true },
        {
          DynamodbMapping: mapping('DynamodbLambdaFunction', 'DynamodbEnabled'),
          // An SQS mapping has no starting position: not a stream.
          SqsMapping: {
            Type: 'AWS::Lambda::EventSourceMapping',
            Properties: { FunctionName: { Ref: 'SqsLambdaFunction' }, EventSourceArn: 'arn' },
          },
          ConditionalFailures: { Type: 'AWS::SQS::Queue', Condition: 'StreamsEnabled', Properties: {} },
        },
      ),
    );
    expect(resources.DynamodbIteratorAgeAlarm!.Condition).toBe('DynamodbEnabled');
    expect(resources.ConditionalFailuresDepthAlarm!.Condition).toBe('StreamsEnabled');
    expect(resources.SqsIteratorAgeAlarm).toBeUndefined();
    expect(resources.DynamodbErrorRateAlarm!.Condition).toBeUndefined();
    // The dashboard's one Fn::Sub cannot name a queue that may not exist.
    const body = (resources.ExporterDashboard!.Properties.DashboardBody as { 'Fn::Sub': string })['Fn::Sub'];
    expect(body).not.toContain('ConditionalFailures');
    expect(body).toContain('MainDlq');
    expect(body).toContain('Iterator age');
  });

  it('computes the error rate as errors over invocations of the function, in percent', () => {
    const alarm = monitoringOfService(service({ sqs })).SqsErrorRateAlarm!.Properties;
    expect(alarm).toMatchObject({ Threshold: 5, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
    const metrics = alarm.Metrics as Array<Record<string, unknown>>;
    expect(metrics.find((m) => m.ReturnData)).toMatchObject({
      Expression: 'IF(invocations > 0, 100 * errors / invocations, 0)',
    });
    expect(JSON.stringify(metrics)).toContain('{"Name":"FunctionName","Value":{"Ref":"SqsLambdaFunction"}}');
    expect(alarm.AlarmActions).toBeUndefined();
  });

  it('alarms on the iterator age in milliseconds and on one waiting dead letter by default', () => {
    const resources = monitoringOfService(service({ kinesis }, { iteratorAgeSeconds: 60 }));
    expect(resources.KinesisIteratorAgeAlarm!.Properties).toMatchObject({
      MetricName: 'IteratorAge',
      Statistic: 'Maximum',
      Threshold: 60_000,
    });
    expect(resources.StreamFailuresDepthAlarm!.Properties).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': ['StreamFailures', 'QueueName'] } }],
    });
  });

  it('notifies the configured topic when an alarm goes off and when it clears', () => {
    const arn = 'arn:aws:sns:eu-west-1:123456789012:ops';
    const alarm = monitoringOfService(service({ sqs }, { alarmTopicArn: arn })).SqsErrorRateAlarm!.Properties;
    expect(alarm).toMatchObject({ AlarmActions: [arn], OKActions: [arn] });
  });

  it('adds a dashboard only when asked, with an iterator age widget only for stream readers', () => {
    expect(monitoringOfService(service({ sqs })).ExporterDashboard).toBeUndefined();
    const body = (withStreams: boolean) =>
      (
        monitoringOfService(service(withStreams ? { sqs, kinesis } : { sqs }, { dashboard: 'true' }))
          .ExporterDashboard!.Properties.DashboardBody as { 'Fn::Sub': string }
      )['Fn::Sub'];
    const widgets = JSON.parse(body(false)).widgets as Array<{ properties: { title: string } }>;
    expect(widgets.map((w) => w.properties.title)).toEqual([
      'Messages exported',
      'Messages not delivered',
      'Lambda errors',
      'Dead-letter queue depth',
    ]);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the CloudFormation Fn::Sub placeholder for the function's name
    expect(body(false)).toContain('"${SqsLambdaFunction}"');
    expect(body(true)).toContain('Iterator age');
  });

  it('adds nothing but the dashboard when alarms are off', () => {
    expect(Object.keys(monitoringOfService(service({ sqs }, { alarms: false, dashboard: true })))).toEqual([
      'ExporterDashboard',
    ]);
  });
});

describe('custom.exporter settings', () => {
  it('default every key, and read parameters given as strings on the command line', () => {
    expect(monitoringSettings(undefined)).toEqual(DEFAULT_MONITORING);
    expect(monitoringSettings({ dashboard: 'true', errorRatePercent: '2.5', alarmTopicArn: '' })).toEqual({
      ...DEFAULT_MONITORING,
      dashboard: true,
      errorRatePercent: 2.5,
    });
  });

  it.each([
    [{ dashbord: true }, 'custom.exporter.dashbord: unknown key; expected one of alarms, alarmTopicArn'],
    [{ alarms: 'yes' }, 'custom.exporter.alarms: expected true or false; got "yes"'],
    [{ iteratorAgeSeconds: 1.5 }, 'custom.exporter.iteratorAgeSeconds: expected a positive integer; got 1.5'],
    [{ errorRatePercent: -1 }, 'custom.exporter.errorRatePercent: expected a positive number; got -1'],
    [[], 'custom.exporter: expected a map; got []'],
  ])('refuse %j with a message that names the key', (custom, message) => {
    expect(() => monitoringSettings(custom)).toThrow(message);
  });
});
