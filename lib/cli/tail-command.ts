import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { RuntimeLoader } from '../exporter/index.ts';
import { registerCodecs } from '../kafka/index.ts';
import { createLogger, processRedactor } from '../observability/index.ts';
import { getDefaultSecretCache } from '../secrets/index.ts';
import { positiveInteger } from './args.ts';
import { EXIT, type Output } from './output.ts';
import { useConfig } from './runtime-env.ts';

function show(value: Buffer | null): unknown {
  if (value === null) return null;
  const text = value.toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * `ske tail <topic> [--from-beginning] [--max N] [--config FILE]`: prints the
 * topic's records as JSON lines, connecting with the config's settings
 * (TLS, SASL, OAuth, secrets). Stops after N records, or on Ctrl-C.
 */
export async function tailCommand(
  topic: string,
  options: Record<string, string | true>,
  output: Output,
): Promise<number> {
  const limit = positiveInteger(options, 'max', Number.POSITIVE_INFINITY);
  if (!limit.ok) {
    output.err(`ske tail: ${limit.message} (records)`);
    return EXIT.usage;
  }
  const max = limit.value;
  useConfig(options.config);
  const logger = createLogger({ level: 'warn', write: (line) => process.stderr.write(`${line}\n`) });
  let runtime: Awaited<ReturnType<RuntimeLoader['load']>>;
  try {
    runtime = await new RuntimeLoader({
      env: process.env,
      secrets: getDefaultSecretCache(),
      logger,
      redactor: processRedactor,
      now: Date.now,
    }).load();
  } catch (err) {
    output.err(`ske tail: ${(err as Error).message}`);
    return EXIT.failed;
  }
  // Records others compressed with snappy, lz4 or zstd are read too (each codec loaded when first met).
  registerCodecs();
  const kafka = new Kafka({ ...runtime.kafkaOptions(), logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `ske-tail-${randomUUID()}`, maxWaitTimeInMs: 250 });
  let seen = 0;
  const done = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    void (async () => {
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: options['from-beginning'] === true });
      output.err(
        `tailing ${topic}${max < Number.POSITIVE_INFINITY ? ` (up to ${max} records)` : ''}; Ctrl-C to stop`,
      );
      await consumer.run({
        eachMessage: async ({ partition, message }) => {
          if (seen >= max) return;
          seen++;
          const record = {
            partition,
            offset: message.offset,
            timestamp: message.timestamp,
            key: message.key?.toString('utf8') ?? null,
            value: show(message.value),
            headers: Object.fromEntries(
              Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]),
            ),
          };
          output.out(JSON.stringify(record));
          if (seen >= max) resolve();
        },
      });
    })().catch((err: Error) => {
      output.err(`ske tail: ${err.message}`);
      resolve();
    });
  });
  await done;
  await consumer.disconnect().catch(() => {});
  return seen > 0 || max === Number.POSITIVE_INFINITY ? EXIT.ok : EXIT.failed;
}
