// The smallest hand-written SQS-to-Kafka Lambda with raw KafkaJS, as the
// benchmarks' baseline: brokers and topic from the environment, a producer
// connected on the first invocation and kept warm, each body JSON.parse'd and
// its `data` sent with its key. No config file, no validation, no per-record
// failures: what our function is measured against.
import { Kafka, logLevel } from 'kafkajs';

const producer = new Kafka({
  clientId: 'raw-kafkajs',
  brokers: (process.env.KAFKA_BOOTSTRAP ?? '').split(','),
  logLevel: logLevel.NOTHING,
}).producer();
let connected: Promise<void> | undefined;

export const handler = async (event: { Records: Array<{ body: string }> }) => {
  connected ??= producer.connect();
  await connected;
  const messages = event.Records.map((r) => {
    const m = JSON.parse(r.body) as { data: unknown; metadata?: { key?: string } };
    return { key: m.metadata?.key ?? null, value: JSON.stringify(m.data) };
  });
  await producer.send({ topic: process.env.TOPIC ?? '', messages });
  return { batchItemFailures: [] };
};
