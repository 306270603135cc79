import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localContext } from '../../../lib/triggers/deadline.ts';
import { handleInvokeEvent, InvokeExportError } from '../../../lib/triggers/invoke/handler.ts';
import { loadEvent } from '../../events/load.ts';
import { jsonValue, mageMessage } from './arbitraries.ts';
import { fakeExporter } from './fake-exporter.ts';

/** What a direct invocation or a schedule may carry. */
const invokeEvent = fc.oneof(
  fc.array(mageMessage, { maxLength: 5 }).map((messages) => ({ messages })),
  fc.record({ messages: fc.oneof(mageMessage, jsonValue) }),
  mageMessage,
  jsonValue,
  fc.constant(null),
  fc.constant(loadEvent('invoke/messages')),
  fc.jsonValue({ maxDepth: 1 }).map((detail) => ({ ...loadEvent('schedule/eventbridge-scheduled'), detail })),
);

describe('invoke and schedule handler with any event', () => {
  it('returns a summary of every message delivered, or throws one that counts the failures and names the first', async () => {
    await fc.assert(
      fc.asyncProperty(
        invokeEvent,
        fc.option(fc.oneof(mageMessage, fc.array(mageMessage, { maxLength: 3 })), { nil: undefined }),
        fc.uniqueArray(fc.nat({ max: 5 }), { maxLength: 2 }),
        async (event, scheduled, picks) => {
          const failing = new Set(picks);
          const exporter = fakeExporter({
            fail: (_input, n) => (failing.has(n) ? 'unavailable' : undefined),
          });
          const deps = { exporter, scheduledInput: async () => scheduled, env: {} };
          const results = () => exporter.results();
          try {
            const summary = await handleInvokeEvent(event, localContext(), deps);
            expect(summary.messages).toBe(exporter.inputs().length);
            expect(summary).toMatchObject({ delivered: summary.messages, failed: 0 });
            expect(results().every((result) => result.ok)).toBe(true);
          } catch (error) {
            expect(error).toBeInstanceOf(InvokeExportError);
            const { summary, message } = error as InvokeExportError;
            const failed = results().filter((result) => !result.ok);
            expect(summary.failed).toBe(failed.length);
            expect(summary.failed).toBeGreaterThan(0);
            expect(summary.messages).toBe(exporter.inputs().length);
            const first = failed[0]!;
            if (first.ok) throw new Error('unreachable');
            expect(message).toBe(
              `${summary.failed} of ${summary.messages} message(s) not delivered: ${first.error.message}`,
            );
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
