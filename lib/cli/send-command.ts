import { EXIT, type Output } from './output.ts';
import { cliExporter, useConfig } from './runtime-env.ts';

/** The message to send: `json` parsed when it is JSON, else the text; routed to `topic` unless it names one. */
export function messageFor(topic: string, json: string, key?: string): unknown {
  let value: unknown = json;
  try {
    value = JSON.parse(json);
  } catch {
    // Plain text is a string message, as an SQS body would be.
  }
  const isMessage = value !== null && typeof value === 'object' && !Array.isArray(value) && 'data' in value;
  const message = isMessage
    ? (value as { data: unknown; metadata?: Record<string, unknown> })
    : { data: value };
  const metadata = { dest_topic: topic, ...(key === undefined ? {} : { key }), ...message.metadata };
  return { ...message, metadata };
}

/**
 * `ske send <topic> <json> [--key K] [--config FILE]`: exports one message
 * with the exporter (same config, auth and secrets as the functions) and
 * prints where it landed. Exit 0 when delivered.
 */
export async function sendCommand(
  topic: string,
  json: string,
  options: Record<string, string | true>,
  output: Output,
): Promise<number> {
  useConfig(options.config);
  const exporter = cliExporter();
  try {
    const key = typeof options.key === 'string' ? options.key : undefined;
    const { results } = await exporter.export([{ message: messageFor(topic, json, key) }], {
      deadline: Date.now() + Number(options.timeout ?? 30_000),
    });
    const [result] = results;
    if (result?.ok) {
      output.out(`delivered to ${result.topic} partition ${result.partition} offset ${result.offset}`);
      return EXIT.ok;
    }
    output.err(`not delivered: ${result && !result.ok ? result.error.message : 'no result'}`);
    return EXIT.failed;
  } catch (err) {
    output.err(`ske send: ${(err as Error).message}`);
    return EXIT.failed;
  } finally {
    await exporter.close();
  }
}
