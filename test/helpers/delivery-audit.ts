/**
 * The fault suite's invariant, counted: every message reported delivered is
 * in Kafka (read back), and every message not in Kafka was reported failed.
 * Messages are named by id; `landed` holds the id of every record read back.
 */
export interface Audit {
  sent: number;
  reportedFailed: number;
  landed: number;
  /** Reported delivered (not failed) but not in Kafka: must be 0. */
  lost: number;
  /** Extra copies in Kafka (at-least-once). */
  duplicates: number;
}

export function audit(
  sentIds: readonly string[],
  failedIds: ReadonlySet<string>,
  landedIds: readonly string[],
): Audit {
  const copies = new Map<string, number>();
  for (const id of landedIds) copies.set(id, (copies.get(id) ?? 0) + 1);
  let lost = 0;
  for (const id of sentIds) if (!failedIds.has(id) && !copies.has(id)) lost++;
  let duplicates = 0;
  for (const n of copies.values()) duplicates += n - 1;
  return { sent: sentIds.length, reportedFailed: failedIds.size, landed: landedIds.length, lost, duplicates };
}

/** One line of the reliability table, printed by each fault test (README, "Reliability"). */
export function report(name: string, figures: Record<string, unknown>): void {
  console.log(`[faults3] ${name}: ${JSON.stringify(figures)}`);
}
