import type { ExporterRecord } from '../messages/to-record.ts';
import type { Compression } from './codecs/index.ts';

/** A record ready for Kafka: exactly what lib/messages produces from an exporter message. */
export type ProduceRecord = ExporterRecord;

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
