import type { EventBridgeConfig } from '../../config/index.ts';
import { SkeError } from '../../errors.ts';
import type { Exporter, MessageResult } from '../../exporter/index.ts';
import type { ExportInput } from '../../messages/index.ts';
import { invocationTraceHeaders } from '../../observability/index.ts';
import { type LambdaContextLike, untilDeadline } from '../deadline.ts';
import { eventBridgeInput, isEventBridgeEvent } from './eventbridge.ts';
import { isScheduledEvent } from './schedule.ts';

export interface InvokeHandlerDeps {
  exporter: Exporter;
  /** The configured input (schedule.input) for events that carry no messages. */
  scheduledInput: () => Promise<unknown>;
  /** What an EventBridge event (not a schedule) sends: `eventbridge.data`. Default `event`. */
  eventBridgeData?: () => Promise<EventBridgeConfig['data']>;
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

/**
 * What an event asks to export: `{ messages: [...] }`, a scheduled event's
 * configured input, an EventBridge event as one message (see
 * eventBridgeInput), or any other event itself as one message.
 */
export async function inputsOf(event: unknown, deps: InvokeHandlerDeps): Promise<ExportInput[]> {
  if (event !== null && typeof event === 'object' && !Array.isArray(event)) {
    const messages = (event as { messages?: unknown }).messages;
    if (Array.isArray(messages)) return messages.map((message) => ({ message }));
    if (isScheduledEvent(event)) return asList(await deps.scheduledInput()).map((message) => ({ message }));
    if (isEventBridgeEvent(event))
      return [eventBridgeInput(event, (await deps.eventBridgeData?.()) ?? 'event')];
  }
  return [{ message: event }];
}

/**
 * Schedules, EventBridge events and direct invocations: exports the messages and
 * returns a summary; throws when any message was not delivered, so the
 * scheduler's or caller's retry policy applies.
 */
export function handleInvokeEvent(
  event: unknown,
  context: LambdaContextLike,
  deps: InvokeHandlerDeps,
): Promise<InvokeSummary> {
  return untilDeadline(context, deps.env, (deadline) => handleInvocation(event, deadline, deps));
}

async function handleInvocation(
  event: unknown,
  deadline: number,
  deps: InvokeHandlerDeps,
): Promise<InvokeSummary> {
  const inputs = await inputsOf(event, deps);
  const { results, delivered, failed } = await deps.exporter.export(inputs, {
    deadline,
    traceHeaders: invocationTraceHeaders(deps.env),
  });
  const summary = { messages: inputs.length, delivered, failed, results };
  if (failed > 0) throw new InvokeExportError(summary);
  return summary;
}
