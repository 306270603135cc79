import type { Delivery } from '../kafka/index.ts';

export interface ExportOptions {
  /** Epoch ms by which the export must answer; nothing is left waiting past it. */
  deadline: number;
}

/** The result for each input, in input order. */
export type MessageResult = Delivery;

export interface ExportSummary {
  results: MessageResult[];
  delivered: number;
  failed: number;
  durationMs: number;
}
