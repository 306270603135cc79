/**
 * `npm run build`: one esbuild bundle per Lambda function (functions/*.ts ->
 * dist/functions/<name>/index.mjs) and the `ske` CLI (dist/cli/ske.mjs, see bin/cli-bundle.mjs).
 *
 * The AWS SDK v3 is left out of function bundles: the nodejs22.x runtime
 * ships it, and bundling it would add ~300 KB to every cold start.
 * `--sdk` bundles it too (for runtimes without it).
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { type BuildOptions, build } from 'esbuild';
import { buildCli } from '../../bin/cli-bundle.mjs';
import { ROOT } from '../stack/layout.ts';
import { producerOnlyKafkajs } from './producer-only-kafkajs.ts';

/** ESM bundles of CommonJS dependencies (kafkajs) still call require() for Node built-ins. */
const REQUIRE_SHIM =
  "import { createRequire as __skeCreateRequire } from 'node:module';\nconst require = __skeCreateRequire(import.meta.url);";

export const FUNCTIONS_DIR = join(ROOT, 'functions');
export const DIST_DIR = join(ROOT, 'dist');

export function functionNames(): string[] {
  return readdirSync(FUNCTIONS_DIR)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => basename(f, '.ts'))
    .sort();
}

function common(bundleSdk: boolean, functionBundle = false): BuildOptions {
  return {
    plugins: functionBundle ? [producerOnlyKafkajs] : [],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    banner: { js: REQUIRE_SHIM },
    external: bundleSdk ? [] : ['@aws-sdk/*', '@smithy/*'],
    logLevel: 'warning',
  };
}

/** Builds every function bundle; returns each bundle's path and size in bytes. */
export async function bundleFunctions({
  bundleSdk = false,
} = {}): Promise<Array<{ name: string; file: string; bytes: number }>> {
  const out = [];
  for (const name of functionNames()) {
    const file = join(DIST_DIR, 'functions', name, 'index.mjs');
    await build({
      ...common(bundleSdk, true),
      entryPoints: [join(FUNCTIONS_DIR, `${name}.ts`)],
      outfile: file,
    });
    out.push({ name, file, bytes: statSync(file).size });
  }
  return out;
}

/**
 * Bundles one more entry point with the functions' esbuild options but none of
 * their plugins: what a hand-written handler gets (the benchmarks' baselines).
 */
export async function bundleEntry(entry: string, outfile: string): Promise<number> {
  await build({ ...common(false), entryPoints: [entry], outfile });
  return statSync(outfile).size;
}

/** The `ske` CLI, built as bin/ske.mjs builds it when its sources change. */
export async function bundleCli(): Promise<string> {
  return buildCli();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const bundleSdk = process.argv.includes('--sdk');
  const bundles = await bundleFunctions({ bundleSdk });
  for (const b of bundles)
    console.log(`${b.name.padEnd(8)} ${(b.bytes / 1024).toFixed(0).padStart(5)} KB  ${b.file}`);
  console.log(`cli      ${await bundleCli()}`);
}
