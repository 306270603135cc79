/**
 * `npm run build`: one esbuild bundle per Lambda function (functions/*.ts ->
 * dist/functions/<name>/index.mjs) and the `ske` CLI (dist/cli/ske.mjs).
 *
 * The AWS SDK v3 is left out of function bundles: the nodejs22.x runtime
 * ships it, and bundling it would add ~300 KB to every cold start.
 * `--sdk` bundles it too (for runtimes without it).
 *
 * Code that only some configs need (the snappy, lz4 and zstd codecs, the
 * schema registry encoders) is imported dynamically and split into
 * chunks/*.mjs beside index.mjs: a config that does not name it never loads
 * it, so index.mjs, what every cold start reads, does not grow with it.
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { type BuildOptions, build } from 'esbuild';
import { ROOT } from '../stack/layout.ts';

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

function common(bundleSdk: boolean): BuildOptions {
  return {
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    banner: { js: REQUIRE_SHIM },
    // zstd's WebAssembly fallback is for Node without zlib's zstd (Node 20); the functions run on Node 22.
    external: [...(bundleSdk ? [] : ['@aws-sdk/*', '@smithy/*']), '@bokuweb/zstd-wasm'],
    logLevel: 'warning',
  };
}

export interface Bundle {
  name: string;
  /** index.mjs: the handler, and all a config without optional features loads. */
  file: string;
  bytes: number;
  /** The lazily loaded chunks, relative to the bundle's folder (chunks/<name>-<hash>.mjs), with their sizes. */
  chunks: Array<{ name: string; file: string; bytes: number }>;
}

/** Builds every function bundle; returns each bundle's entry file, its chunks and their sizes in bytes. */
export async function bundleFunctions({ bundleSdk = false } = {}): Promise<Bundle[]> {
  const out: Bundle[] = [];
  for (const name of functionNames()) {
    const dir = join(DIST_DIR, 'functions', name);
    rmSync(dir, { recursive: true, force: true });
    await build({
      ...common(bundleSdk),
      entryPoints: { index: join(FUNCTIONS_DIR, `${name}.ts`) },
      outdir: dir,
      splitting: true,
      chunkNames: 'chunks/[name]-[hash]',
      outExtension: { '.js': '.mjs' },
    });
    const file = join(dir, 'index.mjs');
    const chunkDir = join(dir, 'chunks');
    const chunks = readdirSync(chunkDir, { withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => ({
        name: `chunks/${e.name}`,
        file: join(chunkDir, e.name),
        bytes: statSync(join(chunkDir, e.name)).size,
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
    out.push({ name, file, bytes: statSync(file).size, chunks });
  }
  return out;
}

export async function bundleCli(): Promise<string> {
  const dir = join(DIST_DIR, 'cli');
  rmSync(dir, { recursive: true, force: true });
  await build({
    ...common(true),
    entryPoints: { ske: join(ROOT, 'lib', 'cli', 'main.ts') },
    outdir: dir,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
  });
  return join(dir, 'ske.mjs');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const bundleSdk = process.argv.includes('--sdk');
  const bundles = await bundleFunctions({ bundleSdk });
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(0).padStart(5)} KB`;
  for (const b of bundles) {
    console.log(`${b.name.padEnd(8)} ${kb(b.bytes)}  ${b.file}`);
    for (const c of b.chunks) console.log(`         ${kb(c.bytes)}    ${c.name} (loaded on demand)`);
  }
  console.log(`cli      ${await bundleCli()}`);
}
