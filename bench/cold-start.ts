import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleFunctions } from '../infra/build/bundle.ts';
import type { Figure } from './context.ts';
import { median, round } from './stats.ts';

/** Events that make each handler parse its config without sending anything. */
const NOOP_EVENTS: Record<string, unknown> = {
  sqs: { Records: [] },
  s3: { Records: [] },
  invoke: { messages: [] },
  http: {
    version: '2.0',
    routeKey: 'POST /events',
    rawPath: '/events',
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    requestContext: {
      domainName: 'x.execute-api.eu-west-1.amazonaws.com',
      http: { method: 'POST', path: '/events', sourceIp: '127.0.0.1' },
    },
    // Malformed on purpose: answered 400 after the config is parsed, before anything is sent.
    body: '{',
    isBase64Encoded: false,
  },
};

const CONFIG = 'bootstrap_server: "localhost:9092"\ntopic: events\nhttp:\n  auth: none\n';

function timeProcess(args: string[], env: NodeJS.ProcessEnv): number {
  const started = performance.now();
  const r = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`cold start run failed: ${r.stderr.toString().slice(0, 500)}`);
  return performance.now() - started;
}

/**
 * Each function bundle's size, and the time from a fresh `node` process to a
 * loaded handler that has parsed its config (median of `runs`), next to a bare
 * `node -e ''` measured alternately.
 */
export async function coldStart(runs: number): Promise<Figure[]> {
  const bundles = await bundleFunctions();
  const dir = mkdtempSync(join(tmpdir(), 'ske-cold-'));
  const env = {
    PATH: process.env.PATH,
    SKE_CONFIG: CONFIG,
    LOG_LEVEL: 'error',
    SKE_METRICS: 'off',
    AWS_REGION: 'eu-west-1',
  };
  const figures: Figure[] = [];
  for (const bundle of bundles) {
    const eventFile = join(dir, `${bundle.name}.json`);
    writeFileSync(eventFile, JSON.stringify(NOOP_EVENTS[bundle.name]));
    const script = `const { handler } = await import(${JSON.stringify(bundle.file)});
await handler(JSON.parse(require('node:fs').readFileSync(${JSON.stringify(eventFile)}, 'utf8')), { getRemainingTimeInMillis: () => 10000 });
process.exit(0);`.replace("require('node:fs')", "(await import('node:fs'))");
    const handlerTimes: number[] = [];
    const bareTimes: number[] = [];
    for (let i = 0; i < runs; i++) {
      handlerTimes.push(timeProcess(['--input-type=module', '-e', script], env));
      bareTimes.push(timeProcess(['-e', ''], env));
    }
    const extra = median(handlerTimes) - median(bareTimes);
    figures.push({
      benchmark: `Cold start: ${bundle.name}`,
      metric: `bundle ${Math.round(bundle.startupBytes / 1024)} KB; ms to handler with parsed config vs bare node`,
      ours: round(median(handlerTimes), 1),
      baseline: round(median(bareTimes), 1),
      ratio: `+${round(extra, 1)} ms`,
      target: '<= 500 KB, <= +80 ms',
      met: bundle.bytes <= 500 * 1024 && extra <= 80,
    });
  }
  return figures;
}
