import { KafkaJSConnectionError, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import {
  DeadlineExceededError,
  isAuthenticationError,
  isRecordError,
  isRetriableFailure,
  toNotDelivered,
} from '../../../lib/kafka/index.ts';

const protocol = (type: string, retriable: boolean) =>
  Object.assign(new KafkaJSProtocolError(`${type} happened`), { type, retriable });
// KafkaJS's typings give this error no constructor arguments; build it as KafkaJS throws it.
const saslError = (message: string) =>
  Object.assign(new Error(message), { name: 'KafkaJSSASLAuthenticationError' });
const gaveUp = (cause: Error) => new KafkaJSNumberOfRetriesExceeded(cause, { retryCount: 3, retryTime: 100 });

describe('classifying Kafka failures', () => {
  it.each([
    [
      'an unreachable broker, after KafkaJS gave up retrying',
      gaveUp(new KafkaJSConnectionError('connect ECONNREFUSED 127.0.0.1:9092')),
      true,
    ],
    ['a record the broker refused as too large', protocol('MESSAGE_TOO_LARGE', false), false],
    ['a missing topic, after retries', gaveUp(protocol('UNKNOWN_TOPIC_OR_PARTITION', true)), false],
    ['rejected credentials', saslError('SASL SCRAM SHA512 authentication failed'), false],
    ['a leader election in progress, after retries', gaveUp(protocol('LEADER_NOT_AVAILABLE', true)), true],
    ['our own deadline', new DeadlineExceededError('1 record'), true],
  ])('%s: retriable = %s', (_name, err, retriable) => {
    expect(isRetriableFailure(err)).toBe(retriable);
    expect(toNotDelivered(err).error.retriable).toBe(retriable);
  });

  it('finds the Kafka error type through KafkaJS wrappers', () => {
    expect(isRecordError(gaveUp(protocol('RECORD_LIST_TOO_LARGE', false)))).toBe(true);
    expect(toNotDelivered(gaveUp(protocol('UNKNOWN_TOPIC_OR_PARTITION', true))).error.code).toBe(
      'UNKNOWN_TOPIC_OR_PARTITION',
    );
  });

  it('recognises authentication failures, also once serialized into a result', () => {
    expect(isAuthenticationError(saslError('SASL PLAIN authentication failed'))).toBe(true);
    expect(
      isAuthenticationError({ name: 'KafkaJSProtocolError', code: 'ILLEGAL_SASL_STATE', message: 'x' }),
    ).toBe(true);
    expect(isAuthenticationError(new KafkaJSConnectionError('closed'))).toBe(false);
  });

  it('tells how to turn host-name checking off when the certificate names another host', () => {
    const err = new Error(
      "Hostname/IP does not match certificate's altnames: Host: localhost. is not in the cert's altnames",
    );
    expect(toNotDelivered(err).error.message).toContain('ssl_config.check_hostname: false');
  });
});
