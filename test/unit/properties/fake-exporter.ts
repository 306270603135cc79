import { invocationDeadlineNow } from '../../../lib/aws/deadline.ts';
import type { ResolvedConfig } from '../../../lib/config/index.ts';
import type { Exporter, ExportOptions, ExportSummary, MessageResult } from '../../../lib/exporter/index.ts';
import { type ExportInput, toRecord } from '../../../lib/messages/index.ts';
import { defaultConfig } from '../../helpers/default-config.ts';

/** How a chosen message fails: a broker that is down (retriable) or one that refused the record. */
export type FakeFailure = 'unavailable' | 'refused';

export interface FakeExporterOptions {
  /** The default topic acknowledgements name. Default `bees`. */
  topic?: string;
  /**
   * Read each message with `toRecord` first, as the real exporter does, so a
   * message it refuses (a bad key, time or topic) fails with its MessageError.
   * Default true.
   */
  validate?: boolean;
  /**
   * The messages to fail, asked once per message in the order they are
   * exported; `seen` counts the messages asked about before this one.
   */
  fail?: (input: ExportInput, seen: number) => FakeFailure | undefined;
  /** Settings `config()` answers with, over a plain local config whose topic is `topic`. */
  config?: Partial<ResolvedConfig>;
}

/** One `export` call as the fake saw it. */
export interface FakeExportCall {
  inputs: readonly ExportInput[];
  results: MessageResult[];
  deadline: number;
  traceHeaders?: Record<string, string> | undefined;
  /** The invocation deadline AWS calls made during the export would get (withInvocationDeadline). */
  ambientDeadline: number | undefined;
}

export interface FakeExporter extends Exporter {
  readonly calls: FakeExportCall[];
  /** Every input of every call, in the order they were exported. */
  inputs(): ExportInput[];
  /** Every result of every call, in the same order as `inputs()`. */
  results(): MessageResult[];
}

const FIXED_NOW = 1_718_635_693_506;

/** What a minimal exporter.yaml (`bootstrap_server` and `topic`) resolves to. */
const plainConfig = (topic: string): ResolvedConfig => defaultConfig(topic);

/**
 * An `Exporter` without Kafka, for unit tests of the triggers: it records what
 * it is given and acknowledges every message with a topic, partition and
 * offset, except those `fail` picks (and, with `validate`, those `toRecord`
 * refuses). It never throws, like the real exporter once its config loaded.
 */
export function fakeExporter(options: FakeExporterOptions = {}): FakeExporter {
  const topic = options.topic ?? 'bees';
  const validate = options.validate ?? true;
  const calls: FakeExportCall[] = [];
  let seen = 0;
  let offset = 0;

  const answer = (input: ExportInput): MessageResult => {
    // Asked for every message, valid or not, so a caller can number them.
    const failure = options.fail?.(input, seen++);
    let destination = topic;
    if (validate) {
      // With the message's own JSON text, as the real exporter reads it.
      const read = toRecord(
        input.message,
        { topic, now: () => FIXED_NOW, headers: input.headers ?? {} },
        input.json,
      );
      if (!read.ok) {
        const { name, message, retriable } = read.error;
        return { ok: false, error: { name, message, retriable } };
      }
      destination = read.record.topic;
    }
    if (failure === 'unavailable')
      return {
        ok: false,
        error: {
          name: 'KafkaJSConnectionError',
          message: 'Connection error: connect ECONNREFUSED 127.0.0.1:9092',
          retriable: true,
        },
      };
    if (failure === 'refused')
      return {
        ok: false,
        error: {
          name: 'KafkaExportError',
          message: 'The request included a message larger than the max message size the server will accept',
          retriable: false,
          code: 'MESSAGE_TOO_LARGE',
        },
      };
    return { ok: true, topic: destination, partition: 0, offset: String(offset++) };
  };

  return {
    calls,
    inputs: () => calls.flatMap((call) => call.inputs),
    results: () => calls.flatMap((call) => call.results),
    async config(): Promise<ResolvedConfig> {
      return { ...plainConfig(topic), ...options.config };
    },
    async export(
      inputs: readonly ExportInput[],
      { deadline, traceHeaders }: ExportOptions,
    ): Promise<ExportSummary> {
      const results = inputs.map(answer);
      calls.push({
        inputs: [...inputs],
        results,
        deadline,
        traceHeaders,
        ambientDeadline: invocationDeadlineNow(),
      });
      const delivered = results.filter((result) => result.ok).length;
      return { results, delivered, failed: results.length - delivered, durationMs: 0 };
    },
    async close() {},
  };
}
