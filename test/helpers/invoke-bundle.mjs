// Loads a packaged Lambda bundle the way the runtime does (import index.mjs,
// call handler(event, context)) in a fresh process, and prints the outcome
// as one JSON line: { ok, result } or { ok: false, error }.
// Usage: node invoke-bundle.mjs DIR EVENT_JSON_FILE [TIMEOUT_MS]
// SKE_TEST_CONTEXT (JSON) adds to or replaces the context's fields (awsRequestId, invokedFunctionArn, ...).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dir, eventFile, timeoutText = '20000'] = process.argv.slice(2);
process.chdir(dir);
process.env.LAMBDA_TASK_ROOT = dir;
const started = Date.now();
const context = {
  awsRequestId: 'bundle-test',
  functionName: 'bundle-test',
  getRemainingTimeInMillis: () => Math.max(0, Number(timeoutText) - (Date.now() - started)),
  ...JSON.parse(process.env.SKE_TEST_CONTEXT ?? '{}'),
};
const { handler } = await import(pathToFileURL(join(dir, 'index.mjs')).href);
const event = JSON.parse(readFileSync(eventFile, 'utf8'));
try {
  const result = await handler(event, context);
  process.stdout.write(`\n@@RESULT ${JSON.stringify({ ok: true, result })}\n`);
} catch (err) {
  process.stdout.write(
    `\n@@RESULT ${JSON.stringify({ ok: false, error: { name: err.name, message: err.message } })}\n`,
  );
}
// Warm producers keep sockets open; a Lambda container would be frozen here.
process.exit(0);
