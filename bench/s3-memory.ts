import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { StackInfo } from '../infra/stack/stack-info.ts';
import { functionNodeOptions } from '../test/helpers/function-node-options.ts';
import { awsEnv, type Figure, freshTopic } from './context.ts';
import { alternate, median, round } from './stats.ts';

const run = promisify(execFile);
const LINE_BYTES = 232;

async function lastJson(args: string[], env: NodeJS.ProcessEnv): Promise<Record<string, number>> {
  const { stdout } = await run(process.execPath, args, {
    env,
    maxBuffer: 64 * 1024 * 1024,
    timeout: 1_800_000,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!);
}

/**
 * A gzip NDJSON object of `megabytes` MB (uncompressed), exported by the S3
 * function (in its own process, with the deployed NODE_OPTIONS) and by a raw
 * KafkaJS reader of the same lines; msgs/s and peak RSS.
 */
export async function s3Memory(info: StackInfo, megabytes: number, rounds: number): Promise<Figure[]> {
  const lines = Math.round((megabytes * 1024 * 1024) / LINE_BYTES);
  const bucket = `bench-${Math.random().toString(36).slice(2, 10)}`;
  const key = `big/${megabytes}mb.ndjson.gz`;
  const env = { ...process.env, ...awsEnv(info) };
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', 'test/helpers/put-big-ndjson.ts', bucket, key, String(lines)],
    {
      env,
      maxBuffer: 1024 * 1024,
      timeout: 1_800_000,
    },
  );
  const gzipMb = round(Number(stdout.trim()) / 1048576, 1);
  const ours = async () => {
    const topic = await freshTopic(info, 's3', 3);
    const r = await lastJson(
      [...functionNodeOptions(), '--import', 'tsx', 'test/helpers/measure-s3-export.ts', topic, bucket, key],
      env,
    );
    return { rate: lines / (r.ms! / 1000), peak: r.peakRssMb! };
  };
  const raw = async () => {
    const topic = await freshTopic(info, 's3raw', 3);
    const r = await lastJson(
      ['--import', 'tsx', 'bench/raw-s3-export.ts', info.bootstrap.plaintext, topic, bucket, key],
      env,
    );
    return { rate: r.messages! / (r.ms! / 1000), peak: r.peakRssMb! };
  };
  const runs = await alternate(rounds, ours, raw);
  const oursRate = median(runs.a.map((r) => r.rate));
  const rawRate = median(runs.b.map((r) => r.rate));
  const oursPeak = Math.max(...runs.a.map((r) => r.peak));
  return [
    {
      benchmark: `S3 (${megabytes} MB NDJSON, ${gzipMb} MB gzip, ${lines} lines)`,
      metric: 'msgs/s, S3 function vs raw KafkaJS line reader',
      ours: Math.round(oursRate),
      baseline: Math.round(rawRate),
      ratio: round(oursRate / rawRate),
      target: '>= 0.80',
      met: oursRate / rawRate >= 0.8,
    },
    {
      benchmark: 'S3 memory',
      metric: 'peak RSS MB of the process, S3 function vs raw reader',
      ours: oursPeak,
      baseline: Math.max(...runs.b.map((r) => r.peak)),
      target: '<= 256 MB',
      met: oursPeak <= 256,
    },
  ];
}
