import { describe, expect, it } from 'vitest';
import { isSnsNotification, parseSnsEnvelope, parseSnsEvent } from '../../../lib/events/sns.ts';
import type { SqsEvent } from '../../../lib/triggers/sqs/event.ts';
import { loadEvent } from '../../events/load.ts';

const envelope = (): Record<string, unknown> =>
  JSON.parse(loadEvent<SqsEvent>('sqs/sns-wrapped').Records[0]!.body) as Record<string, unknown>;

describe('parseSnsEnvelope', () => {
  it('reads the notification SNS delivers to a queue without raw delivery', () => {
    const notification = parseSnsEnvelope(envelope());
    expect(notification?.Message).toBe('{"data":{"bees":42},"metadata":{"key":"hive-9"}}');
    expect(notification?.TopicArn).toBe('arn:aws:sns:eu-west-1:123456789012:bee-events');
    expect(notification?.MessageAttributes?.count).toEqual({ Type: 'Number', Value: '3' });
  });

  it('leaves alone values that are not notifications', () => {
    const { TopicArn: _, ...noTopic } = envelope();
    const values = [
      noTopic,
      { ...envelope(), Type: 'SubscriptionConfirmation' },
      { Type: 'Notification', TopicArn: 'arn' },
      [envelope()],
      'Notification',
      null,
      { data: { Type: 'Notification' } },
    ];
    for (const value of values) expect(parseSnsEnvelope(value)).toBeUndefined();
  });

  it('names the field of a notification that is malformed', () => {
    const value = { ...envelope(), MessageAttributes: { colony: { Type: 'String', Value: 7 } } };
    expect(() => parseSnsEnvelope(value, 'Records[0].body')).toThrow(
      'Records[0].body.MessageAttributes.colony.Value: expected string; got number',
    );
    expect(() => parseSnsEnvelope({ ...envelope(), Message: { a: 1 } })).toThrow(
      'body.Message: expected string; got object',
    );
  });

  it('does not take an inherited TopicArn for a real one', () => {
    const value = Object.assign(Object.create({ TopicArn: 'arn' }) as object, {
      Type: 'Notification',
      Message: 'x',
    });
    expect(isSnsNotification(value)).toBe(false);
  });
});

describe('parseSnsEvent', () => {
  it('reads the records of a direct SNS subscription', () => {
    const event = parseSnsEvent(loadEvent('s3/sns-wrapped'));
    expect(event.Records).toHaveLength(1);
    expect(JSON.parse(event.Records[0]!.Sns.Message)).toHaveProperty('Records');
  });

  it('names a record that is not from SNS', () => {
    expect(() => parseSnsEvent(loadEvent('sqs/standard'))).toThrow(
      'Records[0].EventSource: expected "aws:sns"; got undefined',
    );
  });
});
