import { beforeEach, describe, expect, it } from 'vitest';
import {
  createLogger,
  InvocationLog,
  logLevelOf,
  metricsWriter,
  Redactor,
  resetColdStart,
  xrayTraceId,
} from '../../../lib/observability/index.ts';

const TRACE = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';
const context = (id: string) => ({
  awsRequestId: id,
  functionName: 'serverless-kafka-exporter-dev-sqs',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:serverless-kafka-exporter-dev-sqs',
  memoryLimitInMB: '512',
});

function setup(env: Record<string, string> = {}, random = () => 0.5) {
  const lines: string[] = [];
  const invocation = new InvocationLog({ env, random });
  const logger = createLogger({
    write: (line) => lines.push(line),
    env,
    redactor: new Redactor(),
    invocation,
  }).child({ trigger: 'sqs' });
  const parsed = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  return { invocation, logger, lines, parsed };
}

beforeEach(() => resetColdStart());

describe('the invocation fields on every log line', () => {
  it('carries the request id and the Powertools fields on every line of an invocation', () => {
    const { invocation, logger, parsed } = setup({ _X_AMZN_TRACE_ID: TRACE });
    invocation.begin(context('req-1'));
    logger.info('export finished');
    logger.warn('messages sent to the dead-letter topic', { topic: 'dlq' });
    invocation.end();
    for (const line of parsed())
      expect(line).toMatchObject({
        function_request_id: 'req-1',
        function_name: 'serverless-kafka-exporter-dev-sqs',
        function_arn: 'arn:aws:lambda:eu-west-1:123456789012:function:serverless-kafka-exporter-dev-sqs',
        function_memory_size: 512,
        cold_start: true,
        xray_trace_id: '1-5759e988-bd862e3fe1be46a994272793',
        service: 'serverless-kafka-exporter',
        trigger: 'sqs',
        level: expect.any(String),
        message: expect.any(String),
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
  });

  it('says cold_start only for the first invocation of the process, and not after provisioned concurrency', () => {
    const { invocation, logger, parsed } = setup();
    for (const id of ['a', 'b']) {
      invocation.begin(context(id));
      logger.info('x');
      invocation.end();
    }
    expect(parsed().map((l) => [l.function_request_id, l.cold_start])).toEqual([
      ['a', true],
      ['b', false],
    ]);
    resetColdStart();
    const provisioned = setup({ AWS_LAMBDA_INITIALIZATION_TYPE: 'provisioned-concurrency' });
    provisioned.invocation.begin(context('c'));
    provisioned.logger.info('x');
    expect(provisioned.parsed()[0]!.cold_start).toBe(false);
  });

  it('drops the invocation fields once it ended, and has no xray_trace_id without a trace', () => {
    const { invocation, logger, parsed } = setup({ POWERTOOLS_SERVICE_NAME: 'orders' });
    invocation.begin(context('req-1'));
    logger.info('during');
    invocation.end();
    logger.info('after');
    const [during, after] = parsed();
    expect(during).not.toHaveProperty('xray_trace_id');
    expect(after).toEqual({
      level: 'INFO',
      message: 'after',
      timestamp: expect.any(String),
      service: 'orders',
      trigger: 'sqs',
    });
  });

  it("adds Lambda's own requestId under the JSON log format", () => {
    const { invocation, logger, parsed } = setup({ AWS_LAMBDA_LOG_FORMAT: 'JSON' });
    invocation.begin(context('req-9'));
    logger.info('x');
    expect(parsed()[0]).toMatchObject({ requestId: 'req-9', function_request_id: 'req-9' });
  });

  it('puts the request id on the metrics line too, as a searchable property', () => {
    const lines: string[] = [];
    const invocation = new InvocationLog({ env: {} });
    const write = metricsWriter(
      { Exported: 'Count' },
      {
        dimensions: { Function: 'f', Trigger: 'sqs' },
        dimensionSets: [['Function'], ['Trigger']],
        properties: () => invocation.fields(),
        write: (line) => lines.push(line),
        now: () => 0,
      },
    );
    invocation.begin(context('req-3'));
    write([7]);
    const line = JSON.parse(lines[0]!);
    expect(line).toMatchObject({ function_request_id: 'req-3', Function: 'f', Trigger: 'sqs', Exported: 7 });
    expect(line._aws.CloudWatchMetrics[0].Dimensions).toEqual([['Function'], ['Trigger']]);
  });
});

describe('log levels', () => {
  it("follow Lambda's application log level first, then POWERTOOLS_LOG_LEVEL, then LOG_LEVEL", () => {
    expect(logLevelOf({ AWS_LAMBDA_LOG_LEVEL: 'WARN', LOG_LEVEL: 'debug' }, 'info')).toBe('warn');
    expect(logLevelOf({ AWS_LAMBDA_LOG_LEVEL: 'TRACE' })).toBe('debug');
    expect(logLevelOf({ AWS_LAMBDA_LOG_LEVEL: 'FATAL' })).toBe('error');
    expect(logLevelOf({ POWERTOOLS_LOG_LEVEL: 'ERROR', LOG_LEVEL: 'debug' })).toBe('error');
    expect(logLevelOf({ LOG_LEVEL: 'warn' }, 'debug')).toBe('debug');
    expect(logLevelOf({ LOG_LEVEL: 'loud' })).toBe('info');
  });

  it('drop lines below AWS_LAMBDA_LOG_LEVEL', () => {
    const { logger, parsed } = setup({ AWS_LAMBDA_LOG_LEVEL: 'ERROR' });
    logger.warn('quiet');
    logger.error('loud');
    expect(parsed().map((l) => l.message)).toEqual(['loud']);
  });
});

describe('debug sampling (POWERTOOLS_LOGGER_SAMPLE_RATE)', () => {
  it('logs debug lines in the invocations drawn, decided anew at each one, with sampling_rate on every line', () => {
    const draws = [0.05, 0.5, 0.09];
    const { invocation, logger, parsed } = setup(
      { POWERTOOLS_LOGGER_SAMPLE_RATE: '0.1' },
      () => draws.shift()!,
    );
    for (const id of ['a', 'b', 'c']) {
      invocation.begin(context(id));
      logger.debug('detail');
      logger.info('summary');
      invocation.end();
    }
    expect(parsed().map((l) => `${l.function_request_id} ${l.message}`)).toEqual([
      'a detail',
      'a summary',
      'b summary',
      'c detail',
      'c summary',
    ]);
    expect(parsed().every((l) => l.sampling_rate === 0.1)).toBe(true);
  });

  it.each(['', '2', '-0.1', 'often'])('does not sample with a rate of %j', (rate) => {
    const { invocation, logger, lines } = setup({ POWERTOOLS_LOGGER_SAMPLE_RATE: rate }, () => 0);
    invocation.begin(context('a'));
    logger.debug('detail');
    expect(lines).toEqual([]);
  });
});

describe('xrayTraceId', () => {
  it('reads the Root of an X-Ray trace header, wherever it stands', () => {
    expect(xrayTraceId(TRACE)).toBe('1-5759e988-bd862e3fe1be46a994272793');
    expect(xrayTraceId('Sampled=1; Root=1-5759e988-bd862e3fe1be46a994272793')).toBe(
      '1-5759e988-bd862e3fe1be46a994272793',
    );
    expect(xrayTraceId('Parent=53995c3f42cd8ad8')).toBeUndefined();
    expect(xrayTraceId(undefined)).toBeUndefined();
  });
});
