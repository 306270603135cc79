/**
 * `npm run build`: one esbuild bundle per Lambda function (functions/*.ts ->
 * dist/functions/<name>/index.mjs) and the `ske` CLI (dist/cli/ske.mjs, see bin/cli-bundle.mjs).
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
import { type BuildOptions, build, type Metafile } from 'esbuild';
import { buildCli } from '../../bin/cli-bundle.mjs';
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
  /** index.mjs: the handler. */
  file: string;
  bytes: number;
  /** What a cold start loads: index.mjs and the chunks it imports statically (code shared with lazy chunks). */
  startupBytes: number;
  /** Every chunk, relative to the bundle's folder (chunks/<name>-<hash>.mjs), and whether a cold start loads it. */
  chunks: Array<{ name: string; file: string; bytes: number; atStartup: boolean }>;
}

/** The outputs `entry` imports statically, transitively (what loading it loads). */
function staticClosure(metafile: Metafile, entry: string): Set<string> {
  const seen = new Set<string>([entry]);
  const todo = [entry];
  while (todo.length > 0) {
    for (const i of metafile.outputs[todo.pop()!]?.imports ?? []) {
      if (i.kind === 'import-statement' && !i.external && !seen.has(i.path)) {
        seen.add(i.path);
        todo.push(i.path);
      }
    }
  }
  return seen;
}

/** Builds every function bundle; returns each bundle's entry file, its chunks and their sizes in bytes. */
export async function bundleFunctions({ bundleSdk = false } = {}): Promise<Bundle[]> {
  const out: Bundle[] = [];
  for (const name of functionNames()) {
    const dir = join(DIST_DIR, 'functions', name);
    rmSync(dir, { recursive: true, force: true });
    const { metafile } = await build({
      ...common(bundleSdk),
      entryPoints: { index: join(FUNCTIONS_DIR, `${name}.ts`) },
      outdir: dir,
      splitting: true,
      chunkNames: 'chunks/[name]-[hash]',
      outExtension: { '.js': '.mjs' },
      metafile: true,
    });
    const file = join(dir, 'index.mjs');
    const outputs = Object.keys(metafile.outputs);
    const entry = outputs.find((o) => o.endsWith('/index.mjs'))!;
    const atStartup = staticClosure(metafile, entry);
    const chunks = outputs
      .filter((o) => o !== entry)
      .map((o) => ({
        name: o.slice(o.indexOf('chunks/')),
        file: join(dir, o.slice(o.indexOf('chunks/'))),
        bytes: metafile.outputs[o]!.bytes,
        atStartup: atStartup.has(o),
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
    const bytes = statSync(file).size;
    const startupBytes = bytes + chunks.filter((c) => c.atStartup).reduce((sum, c) => sum + c.bytes, 0);
    out.push({ name, file, bytes, startupBytes, chunks });
  }
  return out;
}

/** The `ske` CLI, built as bin/ske.mjs builds it when its sources change. */
export async function bundleCli(): Promise<string> {
  return buildCli();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const bundleSdk = process.argv.includes('--sdk');
  const bundles = await bundleFunctions({ bundleSdk });
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(0).padStart(5)} KB`;
  for (const b of bundles) {
    console.log(
      `${b.name.padEnd(8)} ${kb(b.startupBytes)}  loaded at cold start (index.mjs and its static chunks)`,
    );
    for (const c of b.chunks.filter((c) => !c.atStartup))
      console.log(`         ${kb(c.bytes)}    ${c.name} (loaded on demand)`);
  }
  console.log(`cli      ${await bundleCli()}`);
}
