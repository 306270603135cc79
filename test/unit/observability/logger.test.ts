import { describe, expect, it } from 'vitest';
import {
  createLogger,
  type MetricsOptions,
  type MetricValue,
  metricsWriter,
  Redactor,
} from '../../../lib/observability/index.ts';

/** One line for `metrics` from a writer made for just that set. */
function emitMetrics(metrics: Record<string, MetricValue>, options: MetricsOptions): void {
  const names = Object.keys(metrics);
  const units = Object.fromEntries(names.map((name) => [name, metrics[name]!.unit]));
  metricsWriter(units, options)(names.map((name) => metrics[name]!.value));
}

function capture() {
  const lines: string[] = [];
  return { lines, write: (line: string) => lines.push(line) };
}

describe('the structured logger', () => {
  it('writes one JSON line with level, message, timestamp and fields', () => {
    const out = capture();
    createLogger({ write: out.write, now: () => 0, redactor: new Redactor() }).info('exported', { count: 3 });
    expect(JSON.parse(out.lines[0]!)).toEqual({
      level: 'INFO',
      message: 'exported',
      timestamp: '1970-01-01T00:00:00.000Z',
      count: 3,
    });
  });

  it('drops entries below its level', () => {
    const out = capture();
    const logger = createLogger({ write: out.write, level: 'warn', redactor: new Redactor() });
    logger.info('quiet');
    logger.warn('loud');
    expect(out.lines.map((l) => JSON.parse(l).message)).toEqual(['loud']);
  });

  it('blanks every registered secret, in messages, fields and errors, raw or JSON-escaped', () => {
    const out = capture();
    const redactor = new Redactor();
    redactor.add('s3cr3t-"pw"');
    redactor.add('abc'); // too short to redact safely: ignored
    const logger = createLogger({ write: out.write, redactor });
    logger.error('login failed for s3cr3t-"pw"', { err: new Error('bad password s3cr3t-"pw"'), abc: 'abc' });
    expect(out.lines[0]).not.toContain('s3cr3t');
    expect(out.lines[0]).toContain('***');
    expect(JSON.parse(out.lines[0]!).abc).toBe('abc');
  });

  it('serializes errors with name, message, code and retriable', () => {
    const out = capture();
    const err = Object.assign(new Error('boom'), { code: 'X', retriable: true });
    createLogger({ write: out.write, redactor: new Redactor() }).warn('failed', { err });
    expect(JSON.parse(out.lines[0]!).err).toEqual({
      name: 'Error',
      message: 'boom',
      code: 'X',
      retriable: true,
    });
  });

  it('adds child fields to every line', () => {
    const out = capture();
    createLogger({ write: out.write, redactor: new Redactor() }).child({ requestId: 'r1' }).info('hi');
    expect(JSON.parse(out.lines[0]!).requestId).toBe('r1');
  });
});

describe('EMF metrics', () => {
  it('writes a CloudWatch embedded metric line', () => {
    const out = capture();
    emitMetrics(
      { Exported: { value: 5, unit: 'Count' }, ProduceLatency: { value: 12, unit: 'Milliseconds' } },
      { write: out.write, now: () => 1000, dimensions: { Function: 'sqs' } },
    );
    expect(JSON.parse(out.lines[0]!)).toEqual({
      _aws: {
        Timestamp: 1000,
        CloudWatchMetrics: [
          {
            Namespace: 'ServerlessKafkaExporter',
            Dimensions: [['Function']],
            Metrics: [
              { Name: 'Exported', Unit: 'Count' },
              { Name: 'ProduceLatency', Unit: 'Milliseconds' },
            ],
          },
        ],
      },
      Function: 'sqs',
      Exported: 5,
      ProduceLatency: 12,
    });
  });

  it('keeps metric sets, dimensions and values apart from one line to the next', () => {
    const out = capture();
    const write = out.write;
    emitMetrics({ A: { value: 1, unit: 'Count' } }, { write, now: () => 1, dimensions: { Function: 'x"y' } });
    emitMetrics({ A: { value: 2, unit: 'Bytes' } }, { write, now: () => 2, dimensions: { Function: 'x"y' } });
    emitMetrics({ A: { value: 3, unit: 'Count' } }, { write, now: () => 3 });
    emitMetrics({ A: { value: 4, unit: 'Count' } }, { write, now: () => 4, dimensions: { Function: 'x"y' } });
    const lines = out.lines.map((line) => JSON.parse(line));
    expect(
      lines.map((l) => [l._aws.Timestamp, l.A, l.Function, l._aws.CloudWatchMetrics[0].Metrics[0].Unit]),
    ).toEqual([
      [1, 1, 'x"y', 'Count'],
      [2, 2, 'x"y', 'Bytes'],
      [3, 3, undefined, 'Count'],
      [4, 4, 'x"y', 'Count'],
    ]);
    expect(lines[2]._aws.CloudWatchMetrics[0].Dimensions).toEqual([[]]);
  });

  it('writes the same line from a writer made once as from one made for each line', () => {
    const [a, b] = [capture(), capture()];
    const options = { now: () => 7, dimensions: { Function: 'http' } };
    emitMetrics(
      { Exported: { value: 1, unit: 'Count' }, ProduceLatency: { value: 2.5, unit: 'Milliseconds' } },
      { ...options, write: a.write },
    );
    const write = metricsWriter(
      { Exported: 'Count', ProduceLatency: 'Milliseconds' },
      { ...options, write: b.write },
    );
    write([1, 2.5]);
    expect(b.lines).toEqual(a.lines);
  });
});
