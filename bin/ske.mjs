#!/usr/bin/env node
// The `ske` command: runs the CLI's bundle (dist/cli/ske.mjs), rebuilt first when a source file
// changed since it was built (see cli-bundle.mjs), so a checkout starts fast and never runs a
// stale build. An installed package runs the bundle it ships.
import { pathToFileURL } from 'node:url';
import { buildCli, CLI_BUNDLE, cliBundleIsFresh } from './cli-bundle.mjs';

if (!cliBundleIsFresh()) {
  // Without esbuild (an install without devDependencies) the shipped bundle is what there is.
  await buildCli().catch((err) => {
    if (err?.code !== 'ERR_MODULE_NOT_FOUND') throw err;
  });
}
const { main } = await import(pathToFileURL(CLI_BUNDLE).href);
const code = await main(process.argv.slice(2));
// Warm producers (ske invoke loads a function with its module-level state) keep sockets open:
// exit explicitly, as a Lambda container would be frozen. Pipes and files are written synchronously on Linux.
process.exit(code);
