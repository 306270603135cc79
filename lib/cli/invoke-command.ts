import { readFileSync } from 'node:fs';
import { localContext } from '../triggers/deadline.ts';
import { loadHandler, replySucceeded, TRIGGERS } from '../triggers/registry.ts';
import { positiveInteger } from './args.ts';
import { EXIT, type Output } from './output.ts';
import { useConfig } from './runtime-env.ts';

/**
 * `ske invoke <trigger> <event.json> [--config FILE] [--timeout MS]`: runs a
 * trigger's handler locally against whatever broker the config names and
 * prints its reply. Exit 0 when everything was delivered, 1 otherwise (the
 * per-message or per-object results are printed then too), 2 for wrong usage.
 */
export async function invokeCommand(
  trigger: string,
  eventFile: string,
  options: Record<string, string | true>,
  output: Output,
): Promise<number> {
  if (!(TRIGGERS as readonly string[]).includes(trigger)) {
    output.err(`ske invoke: unknown trigger "${trigger}"; expected one of ${TRIGGERS.join(', ')}`);
    return EXIT.usage;
  }
  const timeout = positiveInteger(options, 'timeout', 30_000);
  if (!timeout.ok) {
    output.err(`ske invoke: ${timeout.message} (milliseconds)`);
    return EXIT.usage;
  }
  useConfig(options.config);
  let event: unknown;
  try {
    event = JSON.parse(readFileSync(eventFile === '-' ? 0 : eventFile, 'utf8'));
  } catch (err) {
    output.err(`ske invoke: cannot read the event ${eventFile}: ${(err as Error).message}`);
    return EXIT.failed;
  }
  output.err(`invoking ${trigger} (timeout ${timeout.value} ms)...`);
  try {
    const handler = await loadHandler(trigger);
    const reply = await handler(event, localContext(timeout.value));
    output.out(JSON.stringify(reply, null, 2));
    return replySucceeded(reply) ? EXIT.ok : EXIT.failed;
  } catch (err) {
    output.err(`${(err as Error).name}: ${(err as Error).message}`);
    // Partial failure: what became of each message (invoke) or object (s3), not only the first error.
    const { summary, outcomes } = err as { summary?: unknown; outcomes?: unknown };
    if (summary !== undefined || outcomes !== undefined)
      output.out(JSON.stringify(summary ?? { objects: outcomes }, null, 2));
    return EXIT.failed;
  }
}
