#!/usr/bin/env node
// The `ske` command. In a checkout it runs the TypeScript sources through tsx
// (so it never runs a stale build); an installed package without sources runs
// the built CLI (dist/cli/ske.mjs, from `npm run build`).
import { existsSync } from 'node:fs';

const sources = new URL('../lib/cli/main.ts', import.meta.url);
let main;
if (existsSync(sources)) {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import(sources.href));
} else {
  ({ main } = await import(new URL('../dist/cli/ske.mjs', import.meta.url).href));
}
const code = await main(process.argv.slice(2));
// Warm producers (ske invoke loads a function with its module-level state) keep sockets open:
// exit explicitly, as a Lambda container would be frozen. Pipes and files are written synchronously on Linux.
process.exit(code);
