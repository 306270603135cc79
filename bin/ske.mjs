#!/usr/bin/env node
// The `ske` command. Runs the built CLI when there is one (dist/), else the
// TypeScript sources through tsx (a development checkout).
import { existsSync } from 'node:fs';

const built = new URL('../dist/cli/ske.mjs', import.meta.url);
let main;
if (existsSync(built)) {
  ({ main } = await import(built.href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import(new URL('../lib/cli/main.ts', import.meta.url).href));
}
process.exitCode = await main(process.argv.slice(2));
