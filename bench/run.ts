/**
 * `npm run bench [-- --json FILE] [-- --only a,b] [-- --rounds N] [-- --quick]`:
 * every benchmark against the local stack (started if it is not up), each
 * side by side with its baseline in the same run, alternating A and B.
 */
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { stackLayout } from '../infra/stack/layout.ts';
import { down } from '../infra/stack/stack.ts';
import { cliStart } from './cli-start.ts';
import { coldStart } from './cold-start.ts';
import { deleteBenchTopics, ensureStack, type Figure } from './context.ts';
import { httpLatency } from './http-latency.ts';
import { s3Memory } from './s3-memory.ts';
import { throughput } from './throughput.ts';
import { warmReuse } from './warm-reuse.ts';

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const quick = args.includes('--quick');
const rounds = Number(option('rounds') ?? (quick ? 2 : 5));
const only = option('only')?.split(',');

const BENCHMARKS: Record<
  string,
  (info: Awaited<ReturnType<typeof ensureStack>>['info']) => Promise<Figure[]>
> = {
  throughput: (info) => throughput(info, rounds),
  http: (info) => httpLatency(info, rounds, quick ? 100 : 400),
  'cold-start': () => coldStart(quick ? 5 : 20),
  'cli-start': () => cliStart(quick ? 5 : 20),
  'warm-reuse': (info) => warmReuse(info, quick ? 100 : 1000),
  s3: (info) => s3Memory(info, quick ? 20 : 500, quick ? 1 : Math.max(1, Math.min(rounds, 3))),
};

function table(figures: readonly Figure[]): string {
  const head = '| benchmark | metric | ours | baseline | ratio | target | met |';
  const rows = figures.map(
    (f) =>
      `| ${f.benchmark} | ${f.metric} | ${f.ours} | ${f.baseline} | ${f.ratio ?? ''} | ${f.target ?? ''} | ${f.met === undefined ? '' : f.met ? 'yes' : 'NO'} |${f.note ? ` ${f.note}` : ''}`,
  );
  return [head, '|---|---|---|---|---|---|---|', ...rows].join('\n');
}

async function main(): Promise<void> {
  const { info, started } = await ensureStack();
  const figures: Figure[] = [];
  try {
    for (const [name, bench] of Object.entries(BENCHMARKS)) {
      if (only && !only.includes(name)) continue;
      process.stderr.write(`running ${name}...\n`);
      const result = await bench(info);
      for (const f of result)
        process.stderr.write(
          `  ${f.metric}: ours ${f.ours}, baseline ${f.baseline}${f.ratio === undefined ? '' : `, ratio ${f.ratio}`}\n`,
        );
      figures.push(...result);
    }
  } finally {
    await deleteBenchTopics(info).catch((err: Error) =>
      process.stderr.write(`could not delete the benchmark topics: ${err.message}\n`),
    );
    if (started) await down(stackLayout());
  }
  const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, Kafka ${info.kafkaVersion}`;
  console.log(`Machine: ${machine}; rounds: ${rounds}\n`);
  console.log(table(figures));
  const json = option('json');
  if (json)
    writeFileSync(
      json,
      JSON.stringify({ machine, rounds, date: new Date().toISOString(), figures }, null, 2),
    );
  process.exit(0);
}

main().catch((err: Error) => {
  console.error(`bench: ${err.stack ?? err.message}`);
  process.exit(1);
});
