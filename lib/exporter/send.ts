import {
  beforeDeadline,
  type Delivery,
  type ProduceRecord,
  type ProducerPool,
  sendRecords,
  toNotDelivered,
} from '../kafka/index.ts';
import type { Runtime } from './runtime.ts';

/** Sends records with the runtime's warm producer: one delivery per record, in order. */
export type Send = (rt: Runtime, records: ProduceRecord[], deadline: number) => Promise<Delivery[]>;

/**
 * The send step over a producer pool: credentials first, then the warm
 * producer (connecting within the deadline when there is none), then the
 * records in produce requests of `batch_size`. Never throws: a failure to get
 * credentials or to connect is every record's result.
 */
export function poolSender(pool: Pick<ProducerPool, 'ready' | 'get'>): Send {
  return async (rt, records, deadline) => {
    // Nothing to send is not a reason to connect (an empty SQS body, a schedule with no input).
    if (records.length === 0) return [];
    try {
      if (rt.ensureCredentials) await rt.ensureCredentials(deadline);
      const warm =
        pool.ready(rt.producerKey) ??
        (await beforeDeadline(
          pool.get(rt.producerKey, rt.kafkaOptions, { idempotent: rt.config.idempotent }),
          deadline,
          'connecting to Kafka',
        ));
      return await sendRecords(warm.sender, warm.assigner, records, {
        batchSize: rt.config.batchSize,
        ackTimeoutMs: rt.config.timeoutMs,
        acks: rt.config.acks,
        compression: rt.config.compression,
        deadline,
      });
    } catch (err) {
      // Only getting credentials or connecting can throw here: every record shares its fate.
      const failure = toNotDelivered(err);
      return records.map(() => failure);
    }
  };
}
