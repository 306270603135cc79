import type { Kafka, KafkaConfig, ProducerConfig, ProducerRecord, RecordMetadata } from 'kafkajs';
import { ProducerPool } from '../../../lib/kafka/index.ts';

/** A send the fake broker answers with an error instead of offsets. */
export type SendFault = (record: ProducerRecord, attempt: number) => Error | undefined;

/**
 * A broker behind the real ProducerPool seam (`createKafka`): every producer
 * it makes counts its connects and disconnects, learns one partition per
 * topic as KafkaJS's partitioner call would tell it, and appends what it is
 * sent (offsets from 0 per topic). Only for unit tests of the exporter's send
 * path: the integration tests run the real broker.
 */
export function fakeKafka() {
  const state = {
    configs: [] as KafkaConfig[],
    connects: 0,
    disconnects: 0,
    sends: [] as ProducerRecord[],
    topics: new Map<string, number>(),
    fault: undefined as SendFault | undefined,
    connectError: undefined as Error | undefined,
  };
  const createKafka = (options: KafkaConfig) => {
    state.configs.push(options);
    return {
      producer: (config: ProducerConfig = {}) => {
        const partitioner = config.createPartitioner?.();
        return {
          connect: async () => {
            if (state.connectError) throw state.connectError;
            state.connects++;
          },
          disconnect: async () => {
            state.disconnects++;
          },
          send: async (record: ProducerRecord): Promise<RecordMetadata[]> => {
            const error = state.fault?.(record, state.sends.length);
            state.sends.push(record);
            if (error) throw error;
            for (const message of record.messages)
              partitioner?.({
                topic: record.topic,
                message,
                partitionMetadata: [{ partitionId: 0, leader: 0, replicas: [0], isr: [0] }],
              } as never);
            const base = state.topics.get(record.topic) ?? 0;
            state.topics.set(record.topic, base + record.messages.length);
            return [{ topicName: record.topic, partition: 0, errorCode: 0, baseOffset: String(base) }];
          },
        };
      },
    } as unknown as Kafka;
  };
  return { state, pool: new ProducerPool({ createKafka }) };
}
