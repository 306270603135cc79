import type { Delivery } from '../kafka/index.ts';

export interface ExportOptions {
  /** Epoch ms by which the export must answer; nothing is left waiting past it. */
  deadline: number;
  /**
   * The invocation's trace context (`traceparent`, `tracestate`) for every
   * record, under each input's own; left out when `trace_context` is off.
   */
  traceHeaders?: Record<string, string>;
}

/** The result for each input, in input order. */
export type MessageResult = Delivery;

export interface ExportSummary {
  results: MessageResult[];
  delivered: number;
  failed: number;
  durationMs: number;
}
