import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleEntry, DIST_DIR } from '../infra/build/bundle.ts';
import { packageFunctions } from '../infra/build/package.ts';
import { createZip } from '../infra/build/zip.ts';
import { cgroupsUnavailable, MB_PER_VCPU } from '../infra/lambda/cgroup.ts';
import { type LambdaHarness, lambdaHarness } from '../infra/lambda/harness.ts';
import type { Invocation } from '../infra/lambda/sandbox.ts';
import { ROOT, stackLayout } from '../infra/stack/layout.ts';
import type { StackInfo } from '../infra/stack/stack-info.ts';
import { functionNodeOptions } from '../test/helpers/function-node-options.ts';
import { type Figure, freshTopic } from './context.ts';
import { sqsBatch } from './sqs-events.ts';
import { median, percentile, round } from './stats.ts';

/**
 * AWS Lambda's price per GB-second on arm64 (Graviton), us-east-1, first
 * 7.5 billion GB-seconds a month: the price list of 2024 to 2026, checked
 * 2026-12-01. Requests ($0.20 per million) come on top and are left out.
 */
export const ARM64_USD_PER_GB_SECOND = 0.0000133334;
export const MEMORY_SIZES = [256, 512, 1024] as const;

/** ours-before: the same function bundled and zipped without the cold-start work (whole KafkaJS, no packaged validation). */
type Side = 'ours' | 'ours-before' | 'raw' | 'bare';
interface Fn {
  zip: string;
  env: Record<string, string>;
  bytes: number;
}

/** Our packaged SQS function, the raw KafkaJS handler and a do-nothing handler, zipped the same way. */
async function functions(info: StackInfo, topic: string): Promise<Record<Side, Fn>> {
  const dir = mkdtempSync(join(tmpdir(), 'ske-bench-lambda-'));
  const config = join(dir, 'exporter.yaml');
  // As the throughput benchmark: one produce request per partition per batch, acks = all.
  writeFileSync(
    config,
    `bootstrap_server: "{{ env_var('KAFKA_BOOTSTRAP') }}"\ntopic: ${topic}\nbatch_size: 1000\nacks: all\n`,
  );
  const sqs = (await packageFunctions(config)).find((z) => z.name === 'sqs')!;
  const baseline = async (name: string, entry = join(ROOT, 'bench', 'lambda-baselines', `${name}.ts`)) => {
    const file = join(DIST_DIR, 'bench', name, 'index.mjs');
    const bytes = await bundleEntry(entry, file);
    const zip = join(DIST_DIR, 'bench', `${name}.zip`);
    mkdirSync(join(zip, '..'), { recursive: true });
    const extra = name === 'ours-before' ? [{ name: 'exporter.yaml', data: readFileSync(config) }] : [];
    writeFileSync(zip, createZip([{ name: 'index.mjs', data: readFileSync(file) }, ...extra]));
    return { zip, env: {}, bytes };
  };
  const common = {
    KAFKA_BOOTSTRAP: info.bootstrap.plaintext,
    TOPIC: topic,
    NODE_OPTIONS: functionNodeOptions().join(' '),
  };
  const raw = await baseline('raw-kafkajs-sqs');
  const bare = await baseline('bare');
  const before = await baseline('ours-before', join(ROOT, 'functions', 'sqs.ts'));
  return {
    ours: { zip: sqs.zip, bytes: sqs.bundleBytes, env: { ...common, SKE_CONFIG_FILE: 'exporter.yaml' } },
    'ours-before': { ...before, env: { ...common, SKE_CONFIG_FILE: 'exporter.yaml' } },
    raw: { ...raw, env: common },
    bare: { ...bare, env: common },
  };
}

function check(side: Side, inv: Invocation): Invocation {
  const failures = (inv.payload as { batchItemFailures?: unknown[] } | null)?.batchItemFailures;
  if (!inv.ok || failures === undefined || failures.length > 0)
    throw new Error(`${side} failed in the Lambda harness: ${JSON.stringify(inv.payload).slice(0, 500)}`);
  return inv;
}

interface Cold {
  init: number[];
  first: number[];
}

/** `rounds` fresh environments of each side (order rotated every round), each answering one 1-record batch. */
async function coldStarts(h: LambdaHarness, fns: Record<Side, Fn>, memoryMb: number, rounds: number) {
  const sides: Side[] = ['ours', 'raw', 'bare', 'ours-before'];
  const out = Object.fromEntries(sides.map((s) => [s, { init: [], first: [] }])) as unknown as Record<
    Side,
    Cold
  >;
  for (let r = 0; r < rounds; r++) {
    for (const side of [...sides.slice(r % sides.length), ...sides.slice(0, r % sides.length)]) {
      const fn = await h.start({ zip: fns[side].zip, env: fns[side].env, memoryMb, name: side });
      try {
        const inv = check(side, await fn.invoke(sqsBatch(1, r)));
        out[side].init.push(inv.report.initMs ?? Number.NaN);
        out[side].first.push(inv.wallMs);
      } finally {
        await fn.stop();
      }
    }
  }
  return out;
}

/** Warm durations of `batch`-record batches, ours and raw invoked alternately (each frozen in between). */
async function warmRuns(
  h: LambdaHarness,
  fns: Record<Side, Fn>,
  memoryMb: number,
  sizes: Array<[number, number]>,
) {
  const envs = {
    ours: await h.start({ zip: fns.ours.zip, env: fns.ours.env, memoryMb, name: 'ours' }),
    raw: await h.start({ zip: fns.raw.zip, env: fns.raw.env, memoryMb, name: 'raw' }),
  };
  const out = new Map<number, Record<'ours' | 'raw', { durations: number[]; billed: number[] }>>();
  try {
    for (const side of ['ours', 'raw'] as const)
      for (let i = 0; i < 6; i++) check(side, await envs[side].invoke(sqsBatch(10, i * 10)));
    for (const [batch, invocations] of sizes) {
      const runs = {
        ours: { durations: [] as number[], billed: [] as number[] },
        raw: { durations: [] as number[], billed: [] as number[] },
      };
      for (let i = 0; i < invocations; i++) {
        for (const side of i % 2 === 0 ? (['ours', 'raw'] as const) : (['raw', 'ours'] as const)) {
          const inv = check(side, await envs[side].invoke(sqsBatch(batch, i * batch)));
          runs[side].durations.push(inv.report.durationMs);
          runs[side].billed.push(inv.report.billedMs);
        }
      }
      out.set(batch, runs);
    }
  } finally {
    await envs.ours.stop();
    await envs.raw.stop();
  }
  return out;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
/** USD per million messages: mean billed GB-seconds per batch over the messages in it. */
const costPerMillion = (billedMs: number[], memoryMb: number, batch: number) =>
  ((mean(billedMs) / 1000) * (memoryMb / 1024) * ARM64_USD_PER_GB_SECOND * 1e6) / batch;

/**
 * The SQS function and the smallest raw KafkaJS handler in the Lambda harness
 * (the Runtime Interface Emulator, Node 22, the memory size's CPU share and
 * memory limit, frozen between invocations), at 256, 512 and 1,024 MB: init,
 * the first reply of a fresh environment, warm p50/p99 of 10- and 1,000-record
 * batches, and the cost per million messages.
 */
export async function lambdaBench(
  info: StackInfo,
  rounds: number,
  quick: boolean,
  memorySizes: readonly number[] = MEMORY_SIZES,
): Promise<Figure[]> {
  const unavailable = cgroupsUnavailable();
  if (unavailable)
    return [{ benchmark: 'Lambda harness', metric: 'skipped', ours: '', baseline: '', note: unavailable }];
  const topic = await freshTopic(info, 'lambda', 3);
  const fns = await functions(info, topic);
  const h = lambdaHarness(stackLayout());
  const figures: Figure[] = [];
  const sizes: Array<[number, number]> = quick
    ? [
        [10, 20],
        [1000, 4],
      ]
    : [
        [10, 200],
        [1000, 40],
      ];
  try {
    for (const memoryMb of memorySizes) {
      process.stderr.write(
        `  lambda ${memoryMb} MB (${round((100 * memoryMb) / MB_PER_VCPU, 1)}% of a core)...\n`,
      );
      const label = `Lambda ${memoryMb} MB`;
      const cold = await coldStarts(h, fns, memoryMb, quick ? 3 : Math.max(rounds, 7));
      for (const [key, what] of [
        ['init', 'Init Duration'],
        ['first', 'first reply of a fresh environment (init + one 1-record batch sent)'],
      ] as const) {
        const [ours, raw, bare, before] = (['ours', 'raw', 'bare', 'ours-before'] as const).map((s) =>
          median(cold[s][key]),
        );
        const ratio = (ours! - bare!) / (raw! - bare!);
        figures.push({
          benchmark: `${label}: cold start`,
          metric: `${what}, median ms; bare node ${round(bare!, 0)} ms; ours before the cold-start work ${round(before!, 0)} ms (+${round(before! - bare!, 0)})`,
          ours: round(ours!, 0),
          baseline: round(raw!, 0),
          ratio: `+${round(ours! - bare!, 0)} vs +${round(raw! - bare!, 0)} ms (${round(ratio)}x)`,
          ...(memoryMb === 256 ? { target: 'overhead <= raw KafkaJS (1.00x)', met: ratio <= 1 } : {}),
        });
      }
      const warm = await warmRuns(h, fns, memoryMb, sizes);
      for (const [batch, runs] of warm) {
        for (const p of [50, 99]) {
          const ours = percentile(runs.ours.durations, p);
          const raw = percentile(runs.raw.durations, p);
          figures.push({
            benchmark: `${label}: warm ${batch.toLocaleString('en-US')}-record batch`,
            metric: `p${p} Duration ms (${runs.ours.durations.length} invocations each)`,
            ours: round(ours, 1),
            baseline: round(raw, 1),
            ratio: round(ours / raw),
          });
        }
        const ours = costPerMillion(runs.ours.billed, memoryMb, batch);
        const raw = costPerMillion(runs.raw.billed, memoryMb, batch);
        figures.push({
          benchmark: `${label}: cost, ${batch.toLocaleString('en-US')}-record batches`,
          metric: 'USD per million messages (mean billed GB-s, arm64)',
          ours: round(ours, 4),
          baseline: round(raw, 4),
          ratio: round(ours / raw),
        });
      }
    }
  } finally {
    await h.close();
  }
  return figures;
}
