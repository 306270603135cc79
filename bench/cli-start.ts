import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../infra/stack/layout.ts';
import type { Figure } from './context.ts';
import { median, round } from './stats.ts';

function timeNode(args: string[]): number {
  const started = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${r.stderr.toString().slice(0, 500)}`);
  return performance.now() - started;
}

const SKE = join(ROOT, 'bin', 'ske.mjs');
/** What bin/ske.mjs did before it ran a bundle: the TypeScript sources through tsx, compiled on every start. */
const VIA_TSX = `const { main } = await import(${JSON.stringify(join(ROOT, 'lib', 'cli', 'main.ts'))});
process.exit(await main(['--version'], { out() {}, err() {} }));`;

/**
 * How long `ske` takes from a fresh process to its answer in a checkout (the
 * bundle fresh, as after `npm ci`), next to a bare `node -e ''` measured
 * alternately; and the previous way (tsx) as a reference. Judged on the
 * ratio: on a loaded machine every process start is slower, ours and bare
 * node alike.
 */
export async function cliStart(runs: number): Promise<Figure[]> {
  timeNode([SKE, '--version']); // rebuilds the bundle if a source changed, as the first run after an edit does
  const cases = [
    { name: 'ske --version', args: [SKE, '--version'], target: 1.5 },
    { name: 'ske validate exporter.yaml', args: [SKE, 'validate', 'exporter.yaml'] },
    {
      name: 'ske --version through tsx (before)',
      args: ['--import', 'tsx', '--input-type=module', '-e', VIA_TSX],
    },
  ];
  const figures: Figure[] = [];
  for (const c of cases) {
    const ours: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < runs; i++) {
      ours.push(timeNode(c.args));
      bare.push(timeNode(['-e', '']));
    }
    const ratio = median(ours) / median(bare);
    figures.push({
      benchmark: `CLI start: ${c.name}`,
      metric: 'ms from a fresh process to exit, vs bare node -e ""',
      ours: round(median(ours), 1),
      baseline: round(median(bare), 1),
      ratio: round(ratio),
      ...(c.target ? { target: `<= ${c.target}`, met: ratio <= c.target } : {}),
      note: `+${round(median(ours) - median(bare), 1)} ms`,
    });
  }
  return figures;
}
