// The ske CLI's bundle (dist/cli/ske.mjs) and whether it is up to date with the sources. Plain
// JavaScript, so checking costs no TypeScript compiler: `ske` in a checkout runs the bundle, rebuilt
// (a fraction of a second, with esbuild) only when a source file it was built from changed.
// `npm ci` builds it once (the `prepare` script runs this file).
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT_DIR = join(ROOT, 'dist', 'cli');
export const CLI_BUNDLE = join(OUT_DIR, 'ske.mjs');
const MANIFEST = join(OUT_DIR, 'inputs.json');
const CHUNKS = join(OUT_DIR, 'chunks');
/** File systems with coarse timestamps may date an edit made during a build just before it started. */
const MTIME_SLACK_MS = 1000;

/** Is the bundle there, and was it built from the source files as they are now (same mtimes)? */
export function cliBundleIsFresh() {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
    statSync(CLI_BUNDLE);
  } catch {
    return false;
  }
  for (const [input, mtimeMs] of Object.entries(manifest.inputs)) {
    try {
      if (statSync(join(ROOT, input)).mtimeMs !== mtimeMs) return false;
    } catch {
      return false; // a source file that was deleted or renamed
    }
  }
  return true;
}

/** Writes a file whole or not at all: a concurrent `ske` never reads half of it. */
function writeAtomically(file, contents) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.${process.pid}.tmp`, contents);
  renameSync(`${file}.${process.pid}.tmp`, file);
}

/**
 * Bundles lib/cli/main.ts with esbuild and records its inputs. Our code only: dependencies stay
 * imports of node_modules, and each command is a chunk of its own, so KafkaJS and the AWS SDK load
 * only for the commands that use them. Chunks are named by content hash and written first, the
 * entry and the manifest last.
 */
export async function buildCli() {
  const { build } = await import('esbuild');
  const builtAt = Date.now();
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { ske: 'lib/cli/main.ts' },
    outdir: OUT_DIR,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    metafile: true,
    write: false,
    logLevel: 'warning',
  });
  const files = result.outputFiles.filter((f) => f.path !== CLI_BUNDLE);
  for (const f of files) writeAtomically(f.path, f.contents);
  writeAtomically(CLI_BUNDLE, result.outputFiles.find((f) => f.path === CLI_BUNDLE).contents);
  // A file saved while esbuild read the sources may be in the bundle as it was before: recorded as
  // unknown (0), so the next start builds again.
  const inputs = Object.fromEntries(
    Object.keys(result.metafile.inputs).map((input) => {
      const mtimeMs = statSync(join(ROOT, input)).mtimeMs;
      return [input, mtimeMs >= builtAt - MTIME_SLACK_MS ? 0 : mtimeMs];
    }),
  );
  writeAtomically(MANIFEST, JSON.stringify({ builtAt, inputs }));
  const current = new Set(files.map((f) => relative(CHUNKS, f.path)));
  for (const name of readdirSync(CHUNKS))
    if (!current.has(name) && !name.endsWith('.tmp')) rmSync(join(CHUNKS, name), { force: true });
  return CLI_BUNDLE;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`ske: built ${await buildCli()}`);
}
