import { describe, expect, it } from 'vitest';
import type { MessageResult } from '../../../../lib/exporter/index.ts';
import { httpOutcome } from '../../../../lib/triggers/http/status.ts';

const ok: MessageResult = { ok: true, topic: 'bees', partition: 0, offset: '7' };
const fail = (name: string, retriable: boolean, code?: string): MessageResult => ({
  ok: false,
  error: { name, message: 'internal detail', retriable, ...(code ? { code } : {}) },
});
const refusedCredentials = fail('KafkaJSSASLAuthenticationError', false, 'SASL_AUTHENTICATION_FAILED');
const unknownTopic = fail('KafkaJSProtocolError', false, 'UNKNOWN_TOPIC_OR_PARTITION');
const down = fail('KafkaJSConnectionError', true);
const invalid = fail('MessageError', false);
const tooLarge = fail('KafkaExportError', false, 'MESSAGE_TOO_LARGE');
const deadLettered: MessageResult = {
  ...ok,
  deadLettered: { name: 'KafkaJSProtocolError', code: 'UNKNOWN_TOPIC_OR_PARTITION', message: 'x' },
};

describe('HTTP status of an export', () => {
  it.each([
    ['everything delivered', [ok, ok], { status: 200 }],
    ['some delivered', [ok, refusedCredentials], { status: 207 }],
    [
      'credentials refused for all',
      [refusedCredentials, refusedCredentials],
      { status: 502, code: 'SASL_AUTHENTICATION_FAILED' },
    ],
    ['the default topic missing', [unknownTopic], { status: 502, code: 'UNKNOWN_TOPIC_OR_PARTITION' }],
    [
      'all kept in the dead-letter topic only',
      [deadLettered],
      { status: 502, code: 'UNKNOWN_TOPIC_OR_PARTITION' },
    ],
    ['Kafka down', [down, down], { status: 503, code: 'KAFKA_UNAVAILABLE' }],
    ['Kafka down for some, the others invalid', [down, invalid], { status: 503, code: 'KAFKA_UNAVAILABLE' }],
    ['every message invalid', [invalid, tooLarge], { status: 400, code: 'INVALID_MESSAGE' }],
    ['every message too large', [tooLarge], { status: 413, code: 'MESSAGE_TOO_LARGE' }],
    [
      'refused credentials and invalid messages',
      [invalid, refusedCredentials],
      { status: 502, code: 'SASL_AUTHENTICATION_FAILED' },
    ],
  ] as const)('%s', (_, results, expected) => {
    expect(httpOutcome(results)).toEqual(expected);
  });

  it('never answers 2xx when nothing reached its topic', () => {
    for (const results of [[refusedCredentials], [down], [invalid], [deadLettered], [tooLarge, down]]) {
      expect(httpOutcome(results).status).toBeGreaterThanOrEqual(400);
    }
  });
});
