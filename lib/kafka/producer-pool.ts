import { createHash } from 'node:crypto';
import { Kafka, type KafkaConfig, type Producer } from 'kafkajs';
import type { ConnectionSettings } from './client-options.ts';
import { PartitionAssigner } from './partitions.ts';
import type { RecordSender } from './send-records.ts';
import { SocketTracker } from './socket-tracker.ts';

/** A connected producer kept warm between invocations, with the partition knowledge it has gathered. */
export interface WarmProducer {
  key: string;
  producer: Producer;
  assigner: PartitionAssigner;
  /** The producer as sendRecords uses it: `send`, and `resetConnections` to break sockets that stopped answering. */
  sender: RecordSender;
}

/** A key's connect, under way or done, and the producer once it has connected. */
interface PoolEntry {
  connecting: Promise<WarmProducer>;
  warm?: WarmProducer;
}

export interface ProducerPoolDeps {
  createKafka?: (options: KafkaConfig) => Kafka;
}

/** A fingerprint of `parts` (credentials included: hashed, never kept in clear). */
export function producerKey(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}

/** What a producer's connection is made of: the client options, and the producer's idempotence. */
export interface ConnectionParts extends ConnectionSettings {
  idempotent: boolean;
  /** The OAuth client the token provider asks (a new client is a new connection). */
  sasl?: ConnectionSettings['sasl'] & { oauth?: unknown };
}

/**
 * The pool key of a config: exactly what `kafkaClientOptions` and the
 * producer are built from (brokers, client id, security protocol, TLS, SASL
 * with its OAuth client, idempotence), so a change of anything else (topic,
 * headers, batching, trigger settings such as a rotated http.secret) keeps
 * the warm connection.
 */
export function connectionKey(config: ConnectionParts): string {
  const { brokers, clientId, securityProtocol, ssl, sasl, idempotent } = config;
  return producerKey({ brokers, clientId, securityProtocol, ssl, sasl, idempotent });
}

/**
 * One connected KafkaJS producer per connection fingerprint, created on first
 * use and kept for the life of the Lambda container. Concurrent callers share
 * one connect; a failed connect is forgotten so the next call tries again.
 */
export class ProducerPool {
  private readonly entries = new Map<string, PoolEntry>();
  private readonly createKafka: (options: KafkaConfig) => Kafka;

  constructor({ createKafka = (options) => new Kafka(options) }: ProducerPoolDeps = {}) {
    this.createKafka = createKafka;
  }

  /** The producer for `key` once it has connected, without waiting (the warm path); else undefined. */
  ready(key: string): WarmProducer | undefined {
    return this.entries.get(key)?.warm;
  }

  get(
    key: string,
    options: () => KafkaConfig,
    producerOptions: { idempotent: boolean },
  ): Promise<WarmProducer> {
    const existing = this.entries.get(key);
    if (existing) return existing.connecting;
    const entry: PoolEntry = { connecting: this.connect(key, options(), producerOptions) };
    this.entries.set(key, entry);
    entry.connecting.then(
      (warm) => {
        entry.warm = warm;
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return entry.connecting;
  }

  private async connect(key: string, options: KafkaConfig, { idempotent }: { idempotent: boolean }) {
    const assigner = new PartitionAssigner();
    const sockets = new SocketTracker();
    const producer = this.createKafka({ ...options, socketFactory: sockets.socketFactory }).producer({
      createPartitioner: assigner.createPartitioner,
      allowAutoTopicCreation: false,
      idempotent,
      // Idempotence needs one request in flight; otherwise KafkaJS's default (unbounded) pipelines partitions.
      ...(idempotent ? { maxInFlightRequests: 1 } : {}),
    });
    await producer.connect();
    const sender: RecordSender = {
      send: (record) => producer.send(record),
      resetConnections: (reason) => sockets.destroyAll(reason),
    };
    return { key, producer, assigner, sender };
  }

  /** Disconnects and forgets a producer (rotated credentials, a producer KafkaJS gave up on). */
  async discard(key: string): Promise<void> {
    const entry = this.entries.get(key);
    this.entries.delete(key);
    const warm = await entry?.connecting.catch(() => undefined);
    await warm?.producer.disconnect().catch(() => {});
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.entries.keys()].map((key) => this.discard(key)));
  }

  get size(): number {
    return this.entries.size;
  }
}
