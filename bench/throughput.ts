import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CompressionTypes } from 'kafkajs';
import type { StackInfo } from '../infra/stack/stack-info.ts';
import { localContext } from '../lib/triggers/deadline.ts';
import { handleSqsEvent } from '../lib/triggers/sqs/handler.ts';
import { sqsRecord } from '../test/events/sqs-record.ts';
import { type Figure, freshTopic, plainKafka } from './context.ts';
import { benchExporter } from './quiet-exporter.ts';
import { alternate, median, round } from './stats.ts';

const BATCHES = 10;
const PER_BATCH = 1000;

/** ~1 KB of JSON data per message, keyed over 50 keys. */
function message(i: number) {
  return {
    data: { id: i, source: 'bench', payload: 'x'.repeat(940), at: 1700000000000 + i },
    metadata: { key: `k${i % 50}` },
  };
}

function sqsEvent(batch: number) {
  return {
    Records: Array.from({ length: PER_BATCH }, (_, j) =>
      sqsRecord(`m-${batch}-${j}`, JSON.stringify(message(batch * PER_BATCH + j))),
    ),
  };
}

/** A run of `work` over all the messages, as messages per second. */
const perSecond = (work: () => Promise<void>) => async () => {
  const started = performance.now();
  await work();
  return (BATCHES * PER_BATCH) / ((performance.now() - started) / 1000);
};

/** The medians of alternated runs, rounded, and their ratio (ours / baseline). */
function compared(runs: { a: number[]; b: number[] }) {
  const ours = median(runs.a);
  const baseline = median(runs.b);
  return { ours: Math.round(ours), baseline: Math.round(baseline), ratio: round(ours / baseline) };
}

/** Installs kcat with the project's script when it is missing; why it is still missing, or undefined. */
function ensureKcat(): string | undefined {
  if (spawnSync('kcat', ['-V']).status === 0) return undefined;
  process.stderr.write('kcat is missing: running infra/bench/install-kcat.sh\n');
  const script = fileURLToPath(new URL('../infra/bench/install-kcat.sh', import.meta.url));
  const install = spawnSync('bash', [script], { encoding: 'utf8' });
  if (install.status === 0 && spawnSync('kcat', ['-V']).status === 0) return undefined;
  return `infra/bench/install-kcat.sh failed: ${(install.stderr || install.stdout).trim().split('\n').at(-1)}`;
}

/** SQS handler vs raw KafkaJS sendBatch vs kcat, 10 x 1,000 records of ~1 KB, acks = all. */
export async function throughput(info: StackInfo, rounds: number): Promise<Figure[]> {
  const topic = await freshTopic(info, 'throughput', 3);
  const yaml = `bootstrap_server: ${info.bootstrap.plaintext}\ntopic: ${topic}\nbatch_size: ${PER_BATCH}\nacks: all\n`;
  const { exporter, logger } = benchExporter(info, yaml);
  const events = Array.from({ length: BATCHES }, (_, b) => sqsEvent(b));
  const raw = plainKafka(info).producer();
  await raw.connect();
  /** What a hand-written SQS handler does to send the same records: read each body, send its data with its key. */
  const handMade = (event: (typeof events)[number]) =>
    event.Records.map((r) => {
      const m = JSON.parse(r.body) as ReturnType<typeof message>;
      return { key: m.metadata.key, value: JSON.stringify(m.data) };
    });
  const rawBatches = events.map(handMade);

  const ours = perSecond(async () => {
    for (const event of events) {
      const reply = await handleSqsEvent(event, localContext(60_000), { exporter, logger });
      if (reply.batchItemFailures.length > 0) throw new Error('throughput run had failures');
    }
  });
  const sendBatch = (messages: Array<{ key: string; value: string }>) =>
    raw.sendBatch({ topicMessages: [{ topic, messages }], acks: -1, compression: CompressionTypes.None });
  // The target's baseline: the minimal raw KafkaJS handler, timed from the SQS event as ours is.
  const handler = perSecond(async () => {
    for (const event of events) await sendBatch(handMade(event));
  });
  // The producer alone, with the messages made beforehand: KafkaJS's ceiling, for reference.
  const producerOnly = perSecond(async () => {
    for (const messages of rawBatches) await sendBatch(messages);
  });
  try {
    return await measure(info, topic, rounds, ours, { handler, producerOnly }, rawBatches);
  } finally {
    await raw.disconnect();
    await exporter.close();
  }
}

async function measure(
  info: StackInfo,
  topic: string,
  rounds: number,
  ours: () => Promise<number>,
  baselines: { handler: () => Promise<number>; producerOnly: () => Promise<number> },
  rawBatches: Array<Array<{ key: string; value: string }>>,
): Promise<Figure[]> {
  await ours();
  await baselines.handler();
  await baselines.producerOnly();
  const runs = await alternate(rounds * 3, ours, baselines.handler);
  const producerRuns = await alternate(rounds * 3, ours, baselines.producerOnly);

  const target = compared(runs);
  const figures: Figure[] = [
    {
      benchmark: 'Throughput (SQS handler, 10 x 1,000 x ~1 KB, acks=all)',
      metric:
        'msgs/s, ours vs a minimal raw KafkaJS handler (JSON.parse each body, sendBatch data + key), both timed from the SQS event',
      ...target,
      target: '>= 0.90',
      met: target.ratio >= 0.9,
    },
    {
      benchmark: 'Throughput vs the producer alone',
      metric: 'msgs/s, ours vs KafkaJS sendBatch of messages made beforehand (no event, no parsing)',
      ...compared(producerRuns),
      note: 'reference: what reading the event and the messages costs on top of KafkaJS',
    },
  ];

  const missing = ensureKcat();
  if (missing !== undefined) {
    figures.push({
      benchmark: 'Throughput vs kcat (librdkafka)',
      metric: 'msgs/s',
      ours: target.ours,
      baseline: `kcat not available: ${missing}`,
    });
    return figures;
  }
  const file = join(mkdtempSync(join(tmpdir(), 'ske-kcat-')), 'messages.txt');
  writeFileSync(
    file,
    `${rawBatches
      .flat()
      .map((m) => `${m.key}\t${m.value}`)
      .join('\n')}\n`,
  );
  const kcatRun = perSecond(async () => {
    const r = spawnSync('kcat', [
      '-P',
      '-b',
      info.bootstrap.plaintext,
      '-t',
      topic,
      '-K',
      '\t',
      '-X',
      'acks=all',
      '-l',
      file,
    ]);
    if (r.status !== 0) throw new Error(`kcat failed: ${r.stderr}`);
  });
  figures.push({
    benchmark: 'Throughput vs kcat (librdkafka, whole process incl. start-up)',
    metric: 'msgs/s, ours vs kcat',
    ...compared(await alternate(rounds, ours, kcatRun)),
    note: 'near-limit reference, reported as measured',
  });
  return figures;
}
