import { readFileSync } from 'node:fs';
import { localContext } from '../triggers/deadline.ts';
import { loadHandler, replySucceeded } from '../triggers/registry.ts';
import { EXIT, type Output } from './output.ts';
import { useConfig } from './runtime-env.ts';

/**
 * `ske invoke <trigger> <event.json> [--config FILE] [--timeout MS]`: runs a
 * trigger's handler locally against whatever broker the config names and
 * prints its reply. Exit 0 when everything was delivered, 1 otherwise.
 */
export async function invokeCommand(
  trigger: string,
  eventFile: string,
  options: Record<string, string | true>,
  output: Output,
): Promise<number> {
  useConfig(options.config);
  let event: unknown;
  try {
    event = JSON.parse(readFileSync(eventFile === '-' ? 0 : eventFile, 'utf8'));
  } catch (err) {
    output.err(`ske invoke: cannot read the event ${eventFile}: ${(err as Error).message}`);
    return EXIT.failed;
  }
  const handler = await loadHandler(trigger);
  const timeout = Number(options.timeout ?? 30_000);
  output.err(`invoking ${trigger} (timeout ${timeout} ms)...`);
  try {
    const reply = await handler(event, localContext(timeout));
    output.out(JSON.stringify(reply, null, 2));
    return replySucceeded(reply) ? EXIT.ok : EXIT.failed;
  } catch (err) {
    output.err(`${(err as Error).name}: ${(err as Error).message}`);
    return EXIT.failed;
  }
}
