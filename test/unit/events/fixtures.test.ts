import { describe, expect, it } from 'vitest';
import { parseSnsEvent } from '../../../lib/events/sns.ts';
import { parseDynamodbEvent } from '../../../lib/triggers/dynamodb/event.ts';
import { parseHttpEvent } from '../../../lib/triggers/http/request.ts';
import { isEventBridgeEvent } from '../../../lib/triggers/invoke/eventbridge.ts';
import { isScheduledEvent } from '../../../lib/triggers/invoke/schedule.ts';
import { parseKinesisEvent } from '../../../lib/triggers/kinesis/event.ts';
import { parseS3Event } from '../../../lib/triggers/s3/notification.ts';
import { s3ObjectsFromEvent } from '../../../lib/triggers/s3/objects.ts';
import { parseSqsEvent } from '../../../lib/triggers/sqs/event.ts';
import { loadEvent } from '../../events/load.ts';

const readers: Array<[string, (event: unknown) => unknown]> = [
  ['sqs/standard', parseSqsEvent],
  ['sqs/fifo', parseSqsEvent],
  ['sqs/sns-wrapped', parseSqsEvent],
  ['sqs/s3-notification', parseSqsEvent],
  ['s3/object-created', parseS3Event],
  ['s3/eventbridge-object-created', s3ObjectsFromEvent],
  ['s3/sns-wrapped', parseSnsEvent],
  ['apigw/rest-v1', parseHttpEvent],
  ['apigw/rest-v1-base64', parseHttpEvent],
  ['apigw/rest-v1-base64-gzip', parseHttpEvent],
  ['apigw/http-v2', parseHttpEvent],
  ['lambda-url/function-url', parseHttpEvent],
  ['alb/alb', parseHttpEvent],
  ['alb/alb-multivalue', parseHttpEvent],
  ['schedule/eventbridge-scheduled', isScheduledEvent],
  ['kinesis/records', parseKinesisEvent],
  ['kinesis/kpl-aggregated', parseKinesisEvent],
  ['dynamodb/insert-modify-remove', parseDynamodbEvent],
  [
    'eventbridge/custom-event',
    (event) => {
      if (!isEventBridgeEvent(event)) throw new Error('not an EventBridge event');
    },
  ],
];

describe('event fixtures', () => {
  it.each(readers)('%s is read by its parser', (name, read) => {
    expect(() => read(loadEvent(name))).not.toThrow();
  });

  it('hands out copies, so one test cannot change another', () => {
    const first = loadEvent<{ Records: Array<{ body: string }> }>('sqs/standard');
    first.Records[0]!.body = 'changed';
    expect(loadEvent<{ Records: Array<{ body: string }> }>('sqs/standard').Records[0]!.body).not.toBe(
      'changed',
    );
  });
});
