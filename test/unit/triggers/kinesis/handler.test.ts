import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../../lib/observability/index.ts';
import { localContext } from '../../../../lib/triggers/deadline.ts';
import type { KinesisEvent } from '../../../../lib/triggers/kinesis/event.ts';
import { handleKinesisEvent } from '../../../../lib/triggers/kinesis/handler.ts';
import { loadEvent } from '../../../events/load.ts';
import { kplAggregate } from '../../../helpers/kpl.ts';
import { type FakeExporterOptions, fakeExporter } from '../../properties/fake-exporter.ts';

type KinesisRecord = KinesisEvent['Records'][number];

function harness(options: FakeExporterOptions = {}, ordering: 'shard' | 'key' = 'shard') {
  const lines: string[] = [];
  const exporter = fakeExporter(options);
  const logger = createLogger({ write: (line) => lines.push(line) });
  return { exporter, lines, deps: { exporter, logger, env: {}, settings: async () => ({ ordering }) } };
}

/** A record of the fixture's shard with this data (text, base64-encoded here) and sequence number. */
function record(
  seq: string,
  data: string | Buffer,
  shard = 'shardId-000000000000',
  key = `pk-${seq}`,
): KinesisRecord {
  const base = loadEvent<KinesisEvent>('kinesis/records').Records[0]!;
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  return {
    ...base,
    eventID: `${shard}:${seq}`,
    kinesis: { ...base.kinesis, sequenceNumber: seq, partitionKey: key, data: bytes.toString('base64') },
  };
}

const failures = (...ids: string[]) => ({
  batchItemFailures: ids.map((itemIdentifier) => ({ itemIdentifier })),
});

describe('Kinesis handler', () => {
  it('reads each record like an SQS body, the partition key as default key, with stream, shard and sequence headers', async () => {
    const { exporter, deps } = harness();
    const event = loadEvent<KinesisEvent>('kinesis/records');
    expect(await handleKinesisEvent(event, localContext(), deps)).toEqual(failures());
    const [first, second, third] = event.Records.map((r) => r.kinesis.sequenceNumber);
    const headers = (seq: string | undefined) => ({
      'kinesis.stream': 'hive-events',
      'kinesis.shard': 'shardId-000000000000',
      'kinesis.sequence_number': seq,
    });
    expect(exporter.inputs()).toEqual([
      {
        message: { data: { bees: 23 }, metadata: { key: 'own-key' } },
        // Each message keeps the sender's JSON text, which its record carries exactly.
        json: '{"data":{"bees":23},"metadata":{"key":"own-key"}}',
        defaultKey: 'hive-1',
        headers: headers(first),
      },
      { message: { bees: 1 }, json: '{"bees":1}', defaultKey: 'hive-2', headers: headers(second) },
      { message: { bees: 2 }, json: '{"bees":2}', defaultKey: 'hive-2', headers: headers(second) },
      { message: 'hive 7 is quiet today', defaultKey: 'hive-7', headers: headers(third) },
    ]);
  });

  it("exports under the invocation's deadline (AWS calls included) with its X-Ray trace as traceparent", async () => {
    const { exporter, deps } = harness();
    const env = {
      _X_AMZN_TRACE_ID: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
    };
    await handleKinesisEvent(loadEvent('kinesis/records'), localContext(), { ...deps, env });
    expect(exporter.calls.length).toBeGreaterThan(0);
    for (const call of exporter.calls) {
      expect(call.traceHeaders).toEqual({
        traceparent: '00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01',
      });
      expect(call.ambientDeadline).toBe(call.deadline);
    }
  });

  it('de-aggregates KPL records: each user record with its own partition key and sub-sequence number', async () => {
    const { exporter, deps } = harness();
    expect(await handleKinesisEvent(loadEvent('kinesis/kpl-aggregated'), localContext(), deps)).toEqual(
      failures(),
    );
    expect(
      exporter.inputs().map((i) => [i.message, i.defaultKey, i.headers?.['kinesis.sub_sequence_number']]),
    ).toEqual([
      [{ bees: 1 }, 'hive-1', '0'],
      [{ bees: 2 }, 'hive-2', '1'],
      [{ bees: 3 }, 'hive-2', '1'],
      ['buzz', 'hive-1', '2'],
    ]);
  });

  it('after a failure in a shard, sends nothing more of that shard and reports the rest failed; other shards go on', async () => {
    // The third record's message is refused; the records after it in shard A are never offered to Kafka.
    const { exporter, deps } = harness({ fail: (input) => (input.message === 'c' ? 'refused' : undefined) });
    const event = {
      Records: [
        record('1', 'a'),
        record('10', 'x', 'shardId-000000000001'),
        record('2', 'b'),
        record('3', 'c'),
        record('11', 'y', 'shardId-000000000001'),
        record('4', 'd'),
        record('5', 'e'),
      ],
    };
    expect(await handleKinesisEvent(event, localContext(), deps)).toEqual(failures('3', '4', '5'));
    expect(exporter.inputs().map((i) => i.message)).toEqual(
      expect.arrayContaining(['a', 'b', 'c', 'x', 'y']),
    );
    expect(exporter.inputs()).toHaveLength(5);
  });

  it('with ordering: key, sends keys side by side, each in order; a failure stops its key and reports the rest of the shard', async () => {
    // Key A fails at its second record (seq 3); key A's third record (seq 6) is never offered.
    const { exporter, deps } = harness(
      { fail: (input) => (input.message === 'a2' ? 'refused' : undefined) },
      'key',
    );
    const shard = 'shardId-000000000000';
    const event = {
      Records: [
        record('1', 'a1', shard, 'A'),
        record('2', 'b1', shard, 'B'),
        record('3', 'a2', shard, 'A'),
        record('4', 'b2', shard, 'B'),
        record('5', 'b3', shard, 'B'),
        record('6', 'a3', shard, 'A'),
      ],
    };
    expect(await handleKinesisEvent(event, localContext(), deps)).toEqual(failures('3', '4', '5', '6'));
    const offered = exporter.inputs().map((i) => i.message as string);
    expect(offered).not.toContain('a3');
    expect(offered.filter((m) => m.startsWith('a'))).toEqual(['a1', 'a2']);
    const b = offered.filter((m) => m.startsWith('b'));
    expect(b).toEqual(['b1', 'b2', 'b3'].slice(0, b.length));
    // Keys went side by side: B's first record was offered before A's second finished.
    expect(offered.indexOf('b1')).toBeLessThan(offered.indexOf('a2'));
  });

  it('exports a record only once the one before it in the shard was delivered', async () => {
    const { exporter, deps } = harness();
    await handleKinesisEvent({ Records: [record('1', '[1,2]'), record('2', '3')] }, localContext(), deps);
    expect(exporter.calls.map((call) => call.inputs.map((i) => i.message))).toEqual([[1, 2], [3]]);
  });

  it.each([
    [
      'not base64',
      (r: KinesisRecord) => ({ ...r, kinesis: { ...r.kinesis, data: 'not base64!' } }),
      'kinesis.data: expected base64',
    ],
    [
      'not UTF-8 text',
      () => record('2', Buffer.from([0xc3, 0x28])),
      'kinesis.data: expected UTF-8 text; got 2 bytes that are not',
    ],
    [
      'a corrupt KPL aggregate',
      () => record('2', kplAggregate([{ partitionKey: 'k', data: 'x' }]).subarray(0, 30)),
      'KPL aggregated record: MD5 checksum does not match (corrupt record)',
    ],
    [
      'a KPL user record that is not text',
      () => record('2', kplAggregate([{ partitionKey: 'k', data: Uint8Array.of(0xff) }])),
      'kinesis.data (KPL user record 0): expected UTF-8 text; got 1 bytes that are not',
    ],
  ])(
    'refuses a record whose data is %s, with the reason logged, and stops its shard there',
    async (_what, make, reason) => {
      const { exporter, lines, deps } = harness();
      const bad = make(record('2', 'unused'));
      const event = { Records: [record('1', 'a'), bad, record('3', 'c')] };
      expect(await handleKinesisEvent(event, localContext(), deps)).toEqual(failures('2', '3'));
      expect(exporter.inputs().map((i) => i.message)).toEqual(['a']);
      expect(lines.join('\n')).toContain(JSON.stringify(reason).slice(1, -1));
    },
  );

  it('answers an empty batch with no failures and sends nothing', async () => {
    const { exporter, deps } = harness();
    expect(await handleKinesisEvent({ Records: [] }, localContext(), deps)).toEqual(failures());
    expect(exporter.calls).toEqual([]);
  });

  it('throws for an event that is not from Kinesis, naming the field', async () => {
    const { deps } = harness();
    await expect(handleKinesisEvent(loadEvent('sqs/standard'), localContext(), deps)).rejects.toThrow(
      'Records[0].kinesis: expected object; got undefined',
    );
  });
});
