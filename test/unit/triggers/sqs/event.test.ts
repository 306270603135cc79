import { describe, expect, it } from 'vitest';
import { SkeError } from '../../../../lib/errors.ts';
import { EventShapeError } from '../../../../lib/events/errors.ts';
import { isSqsEvent, parseSqsEvent, type SqsEvent } from '../../../../lib/triggers/sqs/event.ts';
import { loadEvent } from '../../../events/load.ts';

function shapeError(run: () => unknown): EventShapeError {
  try {
    run();
  } catch (error) {
    if (error instanceof EventShapeError) return error;
    throw error;
  }
  throw new Error('expected an EventShapeError');
}

describe('parseSqsEvent', () => {
  it('reads a standard queue event with its bodies and message attributes', () => {
    const event = parseSqsEvent(loadEvent('sqs/standard'));
    expect(event.Records.map((record) => record.body)).toEqual([
      '{"data":{"bees":23},"metadata":{"key":"k1"}}',
      '[{"data":{"bees":1},"metadata":{"key":"k2"}},{"data":{"bees":2},"metadata":{"key":"k3"}}]',
      'hive 7 is quiet today',
    ]);
    expect(event.Records[0]!.messageAttributes?.priority).toMatchObject({
      dataType: 'Number',
      stringValue: '5',
    });
  });

  it('reads the FIFO attributes of a FIFO queue event', () => {
    const event = parseSqsEvent(loadEvent('sqs/fifo'));
    expect(event.Records.map((record) => record.attributes?.MessageGroupId)).toEqual([
      'hive-1',
      'hive-2',
      'hive-1',
      'hive-2',
    ]);
    expect(event.Records[0]!.attributes?.SequenceNumber).toBe('18886720981234567001');
  });

  it('keeps fields it does not read', () => {
    const event = parseSqsEvent(loadEvent('sqs/standard'));
    expect(event.Records[0]!.md5OfBody).toBe('eb1728a0a1fc1de260d39b8c3fcbaef6');
  });

  it('names the record and field of a missing body', () => {
    const event = loadEvent<SqsEvent>('sqs/standard');
    delete (event.Records[1] as Partial<SqsEvent['Records'][number]>).body;
    expect(() => parseSqsEvent(event)).toThrow('Records[1].body: expected string; got undefined');
  });

  it('tells the kind of a wrong value but never the value', () => {
    const event = loadEvent<SqsEvent>('sqs/standard');
    (event.Records[0] as { messageId: unknown }).messageId = { secret: 'hunter2' };
    const error = shapeError(() => parseSqsEvent(event));
    expect(error.message).toBe('Records[0].messageId: expected string; got object');
    expect(error.path).toBe('Records[0].messageId');
  });

  it('refuses records from another source', () => {
    const event = loadEvent<SqsEvent>('sqs/standard');
    (event.Records[2] as { eventSource: string }).eventSource = 'aws:kinesis';
    expect(() => parseSqsEvent(event)).toThrow('Records[2].eventSource: expected "aws:sqs"; got string');
  });

  it('refuses an event that is not an object', () => {
    expect(() => parseSqsEvent(null)).toThrow('event: expected object; got null');
    expect(() => parseSqsEvent({ Records: 'x' })).toThrow('Records: expected array; got string');
  });

  it('throws a project error that is not retriable', () => {
    const error = shapeError(() => parseSqsEvent({}));
    expect(error).toBeInstanceOf(SkeError);
    expect(error.name).toBe('EventShapeError');
    expect(error.retriable).toBe(false);
  });
});

describe('isSqsEvent', () => {
  it('is true for SQS events and false for others', () => {
    expect(isSqsEvent(loadEvent('sqs/standard'))).toBe(true);
    expect(isSqsEvent(loadEvent('s3/object-created'))).toBe(false);
    expect(isSqsEvent({ Records: [] })).toBe(false);
    expect(isSqsEvent('Records')).toBe(false);
  });
});
