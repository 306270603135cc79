import { describe, expect, it } from 'vitest';
import { DYNAMODB_PARTS } from '../../../../lib/config/index.ts';
import { createLogger } from '../../../../lib/observability/index.ts';
import { localContext } from '../../../../lib/triggers/deadline.ts';
import type { DynamodbEvent } from '../../../../lib/triggers/dynamodb/event.ts';
import { handleDynamodbEvent } from '../../../../lib/triggers/dynamodb/handler.ts';
import { loadEvent } from '../../../events/load.ts';
import { type FakeExporterOptions, fakeExporter } from '../../properties/fake-exporter.ts';

type Part = (typeof DYNAMODB_PARTS)[number];

function harness(
  options: FakeExporterOptions = {},
  parts: readonly Part[] = DYNAMODB_PARTS,
  ordering: 'shard' | 'key' = 'shard',
) {
  const lines: string[] = [];
  const exporter = fakeExporter(options);
  const logger = createLogger({ write: (line) => lines.push(line) });
  return {
    exporter,
    lines,
    deps: { exporter, logger, env: {}, settings: async () => ({ parts: [...parts], ordering }) },
  };
}

const fixture = () => loadEvent<DynamodbEvent>('dynamodb/insert-modify-remove');
const failures = (...ids: string[]) => ({
  batchItemFailures: ids.map((itemIdentifier) => ({ itemIdentifier })),
});

describe('DynamoDB Streams handler', () => {
  it('makes each record {eventName, keys, newImage, oldImage} as exact JSON text, keyed by the sorted key', async () => {
    const { exporter, deps } = harness();
    expect(await handleDynamodbEvent(fixture(), localContext(), deps)).toEqual(failures());
    const [insert, modify, remove] = exporter.inputs();
    const key = '{"pk":"hive#7","sk":"reading#2026-12-01"}';
    // The message's JSON text, built here, is its record's value (numbers as DynamoDB wrote them).
    const json =
      '{"eventName":"INSERT","keys":{"sk":"reading#2026-12-01","pk":"hive#7"},' +
      '"newImage":{"pk":"hive#7","sk":"reading#2026-12-01","count":12345678901234567890,' +
      '"weight":0.1000000000000000055511151231257827,"scale":1E+2,"queens":[1,2],"tags":["calm","sunny"],' +
      '"photo":"aGl2ZSA3","thumbs":["AAE=","AgM="],"active":true,"note":null,' +
      '"frames":[10,"ten",{"depth":-0.5}],"location":{"lat":51.5074,"lon":-0.1278}}}';
    expect(insert).toEqual({
      message: JSON.parse(json),
      json,
      defaultKey: key,
      headers: {
        'dynamodb.table': 'hives',
        'dynamodb.event_name': 'INSERT',
        'dynamodb.sequence_number': '111000000000000000001',
      },
    });
    expect(modify!.defaultKey).toBe(key);
    expect(JSON.parse(modify!.json!)).toMatchObject({ eventName: 'MODIFY', newImage: {}, oldImage: {} });
    expect(remove!.json).toBe(
      '{"eventName":"REMOVE","keys":{"pk":"hive#7","sk":"reading#2026-12-01"},' +
        '"oldImage":{"pk":"hive#7","sk":"reading#2026-12-01","count":12345678901234567891}}',
    );
  });

  it("exports under the invocation's deadline (AWS calls included) with its X-Ray trace as traceparent", async () => {
    const { exporter, deps } = harness();
    const env = {
      _X_AMZN_TRACE_ID: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
    };
    await handleDynamodbEvent(fixture(), localContext(), { ...deps, env });
    expect(exporter.calls).toHaveLength(3);
    for (const call of exporter.calls) {
      expect(call.traceHeaders).toEqual({
        traceparent: '00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01',
      });
      expect(call.ambientDeadline).toBe(call.deadline);
    }
  });

  it('holds only the configured parts, in the order of the message', async () => {
    const { exporter, deps } = harness({}, ['newImage', 'eventName']);
    await handleDynamodbEvent(fixture(), localContext(), deps);
    expect(exporter.inputs().map((i) => Object.keys(JSON.parse(i.json!)))).toEqual([
      ['eventName', 'newImage'],
      ['eventName', 'newImage'],
      ['eventName'],
    ]);
  });

  it('after a failure, sends nothing more of the shard and reports the rest failed', async () => {
    const { exporter, deps } = harness({ fail: (_input, seen) => (seen === 1 ? 'unavailable' : undefined) });
    expect(await handleDynamodbEvent(fixture(), localContext(), deps)).toEqual(
      failures('111000000000000000002', '111000000000000000003'),
    );
    expect(exporter.inputs()).toHaveLength(2);
  });

  it('with ordering: key, a failure of one item stops that item and reports the rest of the shard', async () => {
    const event = fixture();
    // A second item, whose change comes last: it is not held back by the first item's failure once started.
    const other = structuredClone(event.Records[0]!);
    other.dynamodb.Keys = { pk: { S: 'hive#8' }, sk: { S: 'x' } };
    other.dynamodb.SequenceNumber = '111000000000000000004';
    event.Records.push(other);
    const { exporter, deps } = harness(
      { fail: (_input, seen) => (seen === 0 ? 'unavailable' : undefined) },
      DYNAMODB_PARTS,
      'key',
    );
    const reply = await handleDynamodbEvent(event, localContext(), deps);
    expect(reply).toEqual(
      failures(
        '111000000000000000001',
        '111000000000000000002',
        '111000000000000000003',
        '111000000000000000004',
      ),
    );
    // Item hive#7 stopped at its first change; item hive#8 went side by side.
    expect(exporter.inputs().map((i) => i.defaultKey)).toEqual([
      '{"pk":"hive#7","sk":"reading#2026-12-01"}',
      '{"pk":"hive#8","sk":"x"}',
    ]);
  });

  it('refuses a record with a value DynamoDB does not write, logs why, and stops the shard there', async () => {
    const event = fixture();
    event.Records[1]!.dynamodb.NewImage!.count = { N: 'NaN' };
    const { exporter, lines, deps } = harness();
    expect(await handleDynamodbEvent(event, localContext(), deps)).toEqual(
      failures('111000000000000000002', '111000000000000000003'),
    );
    expect(exporter.inputs()).toHaveLength(1);
    expect(lines.join('\n')).toContain('dynamodb.NewImage.count.N: expected a number; got \\"NaN\\"');
  });

  it('throws for an event that is not from DynamoDB Streams, naming the field', async () => {
    const { deps } = harness();
    await expect(handleDynamodbEvent(loadEvent('kinesis/records'), localContext(), deps)).rejects.toThrow(
      'Records[0].eventName: expected one of "INSERT", "MODIFY", "REMOVE"; got string',
    );
  });
});
