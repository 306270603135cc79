import type { ProducerRecord, RecordMetadata } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { DeadlineExceededError } from '../../../lib/kafka/errors.ts';
import {
  type ProducePolicy,
  produceWithinDeadline,
  type RecordSender,
} from '../../../lib/kafka/produce-attempts.ts';

const quick: ProducePolicy = { patience: 1 / 3, minPatienceMs: 50, backoffMs: 10, maxBackoffMs: 40 };
const record: ProducerRecord = { topic: 't', messages: [{ value: 'v' }] };
const landed: RecordMetadata[] = [{ topicName: 't', partition: 0, errorCode: 0, baseOffset: '7' }];
const connectionError = () =>
  Object.assign(new Error('Connection error: connect ECONNREFUSED 127.0.0.1:9092'), {
    name: 'KafkaJSConnectionError',
  });

/** A sender answering each send with the next scripted outcome. */
function scripted(...outcomes: Array<() => Promise<RecordMetadata[]>>) {
  const calls = { send: 0, reset: 0 };
  const sender: RecordSender = {
    send: () => outcomes[Math.min(calls.send++, outcomes.length - 1)]!(),
    resetConnections: () => {
      calls.reset++;
      return 1;
    },
  };
  return { sender, calls };
}

describe('produceWithinDeadline', () => {
  it('sends again after a retriable failure (KafkaJS gave up its quick retries) while time is left', async () => {
    const { sender, calls } = scripted(
      () => Promise.reject(connectionError()),
      () => Promise.reject(connectionError()),
      () => Promise.resolve(landed),
    );
    expect(await produceWithinDeadline(sender, record, Date.now() + 2000, 'r', quick)).toEqual(landed);
    expect(calls.send).toBe(3);
  });

  it('reports the last retriable error before the deadline when the failure lasts', async () => {
    const { sender, calls } = scripted(() => Promise.reject(connectionError()));
    const deadline = Date.now() + 300;
    const error = await produceWithinDeadline(sender, record, deadline, 'r', quick).catch((e: Error) => e);
    expect(error).toMatchObject({ name: 'KafkaJSConnectionError' });
    expect(calls.send).toBeGreaterThan(2);
  });

  it('does not retry what cannot succeed (a record the broker refused)', async () => {
    const tooLarge = Object.assign(new Error('too large'), {
      name: 'KafkaJSProtocolError',
      type: 'MESSAGE_TOO_LARGE',
    });
    const { sender, calls } = scripted(() => Promise.reject(tooLarge));
    await expect(produceWithinDeadline(sender, record, Date.now() + 2000, 'r', quick)).rejects.toBe(tooLarge);
    expect(calls.send).toBe(1);
  });

  it('resets the sockets of a request left unanswered, and takes its answer over the new connection', async () => {
    let answer: (m: RecordMetadata[]) => void = () => {};
    const pending = new Promise<RecordMetadata[]>((resolve) => {
      answer = resolve;
    });
    const calls = { send: 0 };
    const sender: RecordSender = {
      send: () => {
        calls.send++;
        return pending;
      },
      resetConnections: () => {
        // What KafkaJS does once its socket errors: the same request retried on a new connection.
        setTimeout(() => answer(landed), 5);
        return 2;
      },
    };
    expect(await produceWithinDeadline(sender, record, Date.now() + 1500, 'r', quick)).toEqual(landed);
    expect(calls.send).toBe(1);
  });

  it('fails with DeadlineExceededError when nothing answers at all', async () => {
    const { sender, calls } = scripted(() => new Promise(() => {}));
    await expect(produceWithinDeadline(sender, record, Date.now() + 300, 'r', quick)).rejects.toBeInstanceOf(
      DeadlineExceededError,
    );
    expect(calls.reset).toBe(1);
  });
});
