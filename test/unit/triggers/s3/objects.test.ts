import { describe, expect, it } from 'vitest';
import { decodeS3Key, parseS3Event, type S3Event } from '../../../../lib/triggers/s3/notification.ts';
import { s3ObjectsFromEvent, s3ObjectsFromSqsRecord } from '../../../../lib/triggers/s3/objects.ts';
import { parseSqsEvent, type SqsEvent } from '../../../../lib/triggers/sqs/event.ts';
import { loadEvent } from '../../../events/load.ts';

/** An SQS event whose records have the given bodies, shaped like the fixture. */
function sqsWithBodies(...bodies: unknown[]): SqsEvent {
  const event = loadEvent<SqsEvent>('sqs/s3-notification');
  const template = event.Records[0]!;
  event.Records = bodies.map((body, index) => ({
    ...structuredClone(template),
    messageId: `message-${index}`,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  }));
  return event;
}

/** The SNS notification a topic without raw delivery would put in an SQS body. */
function snsEnvelope(message: unknown): Record<string, unknown> {
  const envelope = JSON.parse(loadEvent<SqsEvent>('sqs/sns-wrapped').Records[0]!.body) as Record<
    string,
    unknown
  >;
  return { ...envelope, Message: JSON.stringify(message) };
}

describe('s3ObjectsFromEvent', () => {
  it('decodes the keys of a direct S3 event as S3 encodes them', () => {
    expect(s3ObjectsFromEvent(loadEvent('s3/object-created'))).toEqual([
      {
        bucket: 'bee-landing',
        key: 'data/my file name.ndjson',
        size: 2048,
        eTag: 'd41d8cd98f00b204e9800998ecf8427e',
      },
      { bucket: 'bee-landing', key: 'data/été.jsonl', size: 512, eTag: '9e107d9d372bb6826bd81d3542a419d6' },
      {
        bucket: 'bee-landing',
        key: 'data/100% done.json',
        size: 77,
        eTag: 'e4d909c290d0fb1ca068ffaddf22cbd0',
      },
      {
        bucket: 'bee-landing',
        key: 'data/plus+sign.csv',
        size: 300,
        eTag: '8277e0910d750195b448797616e091ad',
      },
    ]);
  });

  it('takes EventBridge keys as they are, since EventBridge does not encode them', () => {
    expect(s3ObjectsFromEvent(loadEvent('s3/eventbridge-object-created'))).toEqual([
      {
        bucket: 'bee-landing',
        key: 'data/raw 2024/été+plus.ndjson',
        size: 4096,
        eTag: '1b2cf535f27731c974343645a3985328',
        versionId: 'IYV3p45BT0ac8hjHg1houSdS1a.Mro8e',
      },
    ]);
  });

  it('reads S3 notifications that an SNS topic delivers to Lambda', () => {
    expect(s3ObjectsFromEvent(loadEvent('s3/sns-wrapped'))).toEqual([
      {
        bucket: 'bee-landing',
        key: 'reports/2024-06-17/summary v2.json',
        size: 900,
        eTag: '5d41402abc4b2a76b9719d911017c592',
      },
    ]);
  });

  it('reads S3 notifications from SQS bodies, names their message and skips the test event', () => {
    expect(s3ObjectsFromEvent(loadEvent('sqs/s3-notification'))).toEqual([
      {
        bucket: 'bee-landing',
        key: 'incoming/day 1.ndjson',
        size: 1024,
        eTag: '0123456789abcdef0123456789abcdef',
        sqsMessageId: 'b4a1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d',
      },
    ]);
  });

  it('unwraps SNS envelopes of S3 notifications in SQS bodies', () => {
    const s3 = loadEvent('s3/object-created');
    const objects = s3ObjectsFromEvent(sqsWithBodies(snsEnvelope(s3)));
    expect(objects.map((object) => [object.key, object.sqsMessageId])).toEqual([
      ['data/my file name.ndjson', 'message-0'],
      ['data/été.jsonl', 'message-0'],
      ['data/100% done.json', 'message-0'],
      ['data/plus+sign.csv', 'message-0'],
    ]);
  });

  it('reads EventBridge S3 events that a rule sends to a queue', () => {
    const objects = s3ObjectsFromEvent(sqsWithBodies(loadEvent('s3/eventbridge-object-created')));
    expect(objects).toEqual([
      expect.objectContaining({ key: 'data/raw 2024/été+plus.ndjson', sqsMessageId: 'message-0' }),
    ]);
  });

  it('skips the S3 test event wherever it arrives', () => {
    const test = { Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: 'bee-landing' };
    expect(s3ObjectsFromEvent(test)).toEqual([]);
    expect(s3ObjectsFromEvent(sqsWithBodies(test, snsEnvelope(test)))).toEqual([]);
  });

  it('skips records that do not create an object', () => {
    const event = loadEvent<S3Event>('s3/object-created');
    event.Records[0]!.eventName = 'ObjectRemoved:Delete';
    event.Records[1]!.eventName = 'ObjectRestore:Completed';
    expect(s3ObjectsFromEvent(event).map((object) => object.key)).toEqual([
      'data/100% done.json',
      'data/plus+sign.csv',
    ]);
    const deleted = { ...loadEvent('s3/eventbridge-object-created'), 'detail-type': 'Object Deleted' };
    expect(s3ObjectsFromEvent(deleted)).toEqual([]);
  });

  it('leaves out size and eTag when the notification has none', () => {
    const event = loadEvent<S3Event>('s3/object-created');
    event.Records = [event.Records[0]!];
    delete event.Records[0]!.s3.object.size;
    delete event.Records[0]!.s3.object.eTag;
    expect(s3ObjectsFromEvent(event)).toEqual([{ bucket: 'bee-landing', key: 'data/my file name.ndjson' }]);
  });

  it('returns nothing for an event without records', () => {
    expect(s3ObjectsFromEvent({ Records: [] })).toEqual([]);
  });

  it('names an SQS body that is not JSON', () => {
    expect(() => s3ObjectsFromEvent(sqsWithBodies('hello'))).toThrow(
      'Records[0].body: expected JSON of an S3 event notification, an SNS notification of one, or an EventBridge S3 event; got text that is not JSON',
    );
  });

  it('names an SQS body that is JSON of something else', () => {
    expect(() => s3ObjectsFromEvent(sqsWithBodies({ data: 1 }, [1]))).toThrow(
      'Records[0].body: expected an S3 event notification, an SNS notification of one, or an EventBridge S3 event; got object',
    );
  });

  it('names the field of a malformed notification inside an SNS envelope inside SQS', () => {
    const s3 = loadEvent<S3Event>('s3/object-created');
    delete (s3.Records[2]!.s3.bucket as { name?: string }).name;
    expect(() => s3ObjectsFromEvent(sqsWithBodies(snsEnvelope(s3)))).toThrow(
      'Records[0].body.Message.Records[2].s3.bucket.name: expected string; got undefined',
    );
  });

  it('names a key with a malformed %-sequence', () => {
    const event = loadEvent<S3Event>('s3/object-created');
    event.Records[1]!.s3.object.key = 'data/100%.json';
    expect(() => s3ObjectsFromEvent(event)).toThrow(
      'Records[1].s3.object.key: expected a URL-encoded object key; got a malformed %-sequence',
    );
  });

  it('names an event of no known kind', () => {
    expect(() => s3ObjectsFromEvent({ hello: 'world' })).toThrow(
      'event: expected an S3 event notification, an SNS notification of one, or an EventBridge S3 event; got object',
    );
  });
});

describe('s3ObjectsFromSqsRecord', () => {
  it('reads one record alone, so a bad neighbour fails only itself', () => {
    const event = parseSqsEvent(sqsWithBodies('not json', loadEvent('s3/object-created')));
    expect(() => s3ObjectsFromSqsRecord(event.Records[0]!, 'Records[0]')).toThrow('Records[0].body');
    expect(s3ObjectsFromSqsRecord(event.Records[1]!)).toHaveLength(4);
  });
});

describe('parseS3Event', () => {
  it('keeps keys as S3 wrote them', () => {
    expect(parseS3Event(loadEvent('s3/object-created')).Records[0]!.s3.object.key).toBe(
      'data/my+file+name.ndjson',
    );
  });

  it('names a record whose size is not a number', () => {
    const event = loadEvent<S3Event>('s3/object-created');
    (event.Records[3]!.s3.object as { size: unknown }).size = '300';
    expect(() => parseS3Event(event)).toThrow('Records[3].s3.object.size: expected number; got string');
  });
});

describe('decodeS3Key', () => {
  it.each([
    ['my+file.txt', 'my file.txt'],
    ['a%2Bb', 'a+b'],
    ['100%25', '100%'],
    ['%E6%97%A5%E6%9C%AC/x', '日本/x'],
    ['dt%3D2024-06-17/_SUCCESS', 'dt=2024-06-17/_SUCCESS'],
    ['plain/key.json', 'plain/key.json'],
  ])('decodes %s to %s', (encoded, decoded) => {
    expect(decodeS3Key(encoded)).toBe(decoded);
  });
});
