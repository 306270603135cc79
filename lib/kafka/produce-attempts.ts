import { setTimeout as sleep } from 'node:timers/promises';
import type { ProducerRecord, RecordMetadata } from 'kafkajs';
import { beforeDeadline } from './deadline.ts';
import { DeadlineExceededError, isRetriableFailure } from './errors.ts';

/** What a produce needs of a producer; `resetConnections` breaks its sockets (see SocketTracker). */
export interface RecordSender {
  send(record: ProducerRecord): Promise<RecordMetadata[]>;
  resetConnections?(reason: string): number | undefined;
}

export interface ProducePolicy {
  patience: number;
  minPatienceMs: number;
  backoffMs: number;
  maxBackoffMs: number;
}

/**
 * How a produce spends the time left before the invocation's deadline.
 *
 * - `patience`: a request unanswered for this share of the time left (at least
 *   `minPatienceMs`) is presumed lost on a dead socket: the sockets are reset
 *   and KafkaJS retries the same request on a new connection. KafkaJS's own
 *   request timeout (30 s, fixed when the client is made) would wait past most
 *   Lambda deadlines, then retry on the same dead socket.
 * - `backoffMs` doubling to `maxBackoffMs`: after KafkaJS gave up its quick
 *   retries (3, about half a second) on a retriable error (broker restarting,
 *   leader moving, NOT_ENOUGH_REPLICAS), the produce is sent again after a
 *   pause, for as long as a pause and a try fit before the deadline.
 */
export const PRODUCE_POLICY: ProducePolicy = {
  patience: 1 / 3,
  minPatienceMs: 2000,
  backoffMs: 200,
  maxBackoffMs: 2000,
};

async function answered(
  sender: RecordSender,
  sent: Promise<RecordMetadata[]>,
  deadline: number,
  what: string,
  policy: ProducePolicy,
): Promise<RecordMetadata[]> {
  const patience = Math.max(policy.minPatienceMs, (deadline - Date.now()) * policy.patience);
  if (sender.resetConnections && Date.now() + patience < deadline) {
    try {
      return await beforeDeadline(sent, Date.now() + patience, what);
    } catch (err) {
      if (!(err instanceof DeadlineExceededError)) throw err;
    }
    sender.resetConnections(`no answer from Kafka within ${Math.round(patience)} ms to ${what}`);
  }
  return beforeDeadline(sent, deadline, what);
}

/**
 * Sends one produce request and waits for its answer until `deadline`,
 * trying again while the failure is retriable and time is left. Throws the
 * last error (retriable or not) so the caller reports it before the deadline.
 * A retry after an unanswered request may duplicate records (at least once).
 */
export async function produceWithinDeadline(
  sender: RecordSender,
  record: ProducerRecord,
  deadline: number,
  what: string,
  policy: ProducePolicy = PRODUCE_POLICY,
): Promise<RecordMetadata[]> {
  let lastError: unknown;
  for (let attempt = 0; ; attempt++) {
    const started = Date.now();
    try {
      return await answered(sender, sender.send(record), deadline, what, policy);
    } catch (err) {
      // Time ran out during a retry: say what the tries before it met.
      if (err instanceof DeadlineExceededError && lastError !== undefined) {
        throw new DeadlineExceededError(what, lastError);
      }
      lastError = err;
      const pause = Math.min(policy.maxBackoffMs, policy.backoffMs * 2 ** attempt);
      const retriable = !(err instanceof DeadlineExceededError) && isRetriableFailure(err);
      // A try takes about as long as the last one did (KafkaJS's own retries): one that would not
      // end before the deadline is not started, and the failure is reported with its real cause.
      const tryMs = Math.max(policy.backoffMs, Date.now() - started);
      if (!retriable || Date.now() + pause + tryMs >= deadline) throw err;
      await sleep(pause);
    }
  }
}
