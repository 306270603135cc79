/** A record ready for Kafka: what lib/messages produces from an exporter message. */
export interface ProduceRecord {
  topic: string;
  key: Buffer | null;
  value: Buffer;
  /** Epoch milliseconds as a decimal string (KafkaJS's format). */
  timestamp: string;
  headers: Record<string, string>;
  partition?: number;
}

/** Where a record landed. */
export interface Delivered {
  ok: true;
  topic: string;
  partition: number;
  /** The record's offset; '-1' when acks = 0 (the broker does not answer). */
  offset: string;
}

export interface NotDelivered {
  ok: false;
  error: { name: string; message: string; retriable: boolean; code?: string };
}

/** The outcome of one record: partial failure is data, not an exception. */
export type Delivery = Delivered | NotDelivered;

/** Produce settings taken from the exporter config. */
export interface SendOptions {
  batchSize: number;
  /** Broker acknowledgement timeout per produce request (Mage's timeout_ms). */
  ackTimeoutMs: number;
  acks: -1 | 0 | 1;
  compression: 'none' | 'gzip';
  /** Epoch ms after which no request is started and pending ones are reported failed. */
  deadline: number;
}
