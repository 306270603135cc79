import type { Compression } from './codecs/index.ts';

/** One Kafka record, in the shape KafkaJS `producer.send({ topic, messages })` takes (plus its topic). */
export interface ProduceRecord {
  topic: string;
  /** Text (what toRecord makes) or bytes; KafkaJS writes a string's UTF-8 bytes. */
  key: string | Buffer | null;
  /**
   * The JSON text toRecord makes (KafkaJS writes a string's UTF-8 straight
   * into the request; a Buffer here would be one more copy per message).
   */
  value: string | Buffer;
  /** Epoch milliseconds as a decimal string, as KafkaJS expects. */
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
  /** Set when the message could not be delivered and went to `dead_letter_topic` instead (topic/partition/offset are there). */
  deadLettered?: { name: string; code?: string; message: string };
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
  compression: Compression;
  /** Epoch ms after which no request is started and pending ones are reported failed. */
  deadline: number;
}
