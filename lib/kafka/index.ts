export {
  type ClientOptionsDeps,
  type ConnectionSettings,
  kafkaClientOptions,
  tlsOptions,
} from './client-options.ts';
export { CodecError, type Compression, registerCodecs } from './codecs/index.ts';
export { beforeDeadline } from './deadline.ts';
export {
  DeadlineExceededError,
  isAuthenticationError,
  isRecordError,
  isRetriableFailure,
  KafkaExportError,
  kafkaErrorType,
  toNotDelivered,
} from './errors.ts';
export { PartitionAssigner } from './partitions.ts';
export { PRODUCE_POLICY } from './produce-attempts.ts';
export {
  type ConnectionParts,
  connectionKey,
  ProducerPool,
  type ProducerPoolDeps,
  producerKey,
  type WarmProducer,
} from './producer-pool.ts';
export { type RecordSender, sendRecords } from './send-records.ts';
export type { Delivered, Delivery, NotDelivered, ProduceRecord, SendOptions } from './types.ts';
