import { withInvocationDeadline } from '../../aws/deadline.ts';
import { SkeError } from '../../errors.ts';
import type { Exporter, MessageResult } from '../../exporter/index.ts';
import { invocationTraceHeaders } from '../../observability/index.ts';
import { invocationDeadline, type LambdaContextLike } from '../deadline.ts';
import { isScheduledEvent } from './schedule.ts';

export interface InvokeHandlerDeps {
  exporter: Exporter;
  /** The configured input (schedule.input) for events that carry no messages. */
  scheduledInput: () => Promise<unknown>;
  env?: Record<string, string | undefined>;
}

export interface InvokeSummary {
  messages: number;
  delivered: number;
  failed: number;
  results: MessageResult[];
}

export class InvokeExportError extends SkeError {
  constructor(readonly summary: InvokeSummary) {
    const first = summary.results.find((r) => !r.ok);
    super(
      `${summary.failed} of ${summary.messages} message(s) not delivered${first && !first.ok ? `: ${first.error.message}` : ''}`,
      { retriable: first !== undefined && !first.ok && first.error.retriable },
    );
    this.name = 'InvokeExportError';
  }
}

const asList = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : value === undefined ? [] : [value];

/** What an event asks to export: `{ messages: [...] }`, a scheduled event's configured input, or the event itself. */
export async function messagesOf(event: unknown, scheduledInput: () => Promise<unknown>): Promise<unknown[]> {
  if (event !== null && typeof event === 'object' && !Array.isArray(event)) {
    const messages = (event as { messages?: unknown }).messages;
    if (Array.isArray(messages)) return messages;
    if (isScheduledEvent(event)) return asList(await scheduledInput());
  }
  return [event];
}

/**
 * Schedules (EventBridge) and direct invocations: exports the messages and
 * returns a summary; throws when any message was not delivered, so the
 * scheduler's or caller's retry policy applies.
 */
export function handleInvokeEvent(
  event: unknown,
  context: LambdaContextLike,
  deps: InvokeHandlerDeps,
): Promise<InvokeSummary> {
  const deadline = invocationDeadline(context, deps.env);
  // Everything below, AWS calls included, ends by the deadline (see withInvocationDeadline).
  return withInvocationDeadline(deadline, () => handleInvocation(event, deadline, deps));
}

async function handleInvocation(
  event: unknown,
  deadline: number,
  deps: InvokeHandlerDeps,
): Promise<InvokeSummary> {
  const messages = await messagesOf(event, deps.scheduledInput);
  const { results, delivered, failed } = await deps.exporter.export(
    messages.map((message) => ({ message })),
    { deadline, traceHeaders: invocationTraceHeaders(deps.env) },
  );
  const summary = { messages: messages.length, delivered, failed, results };
  if (failed > 0) throw new InvokeExportError(summary);
  return summary;
}
