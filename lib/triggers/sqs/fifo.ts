import type { SqsRecord } from './event.ts';

/**
 * The FIFO rule in one place. Key: a FIFO record's `MessageGroupId` is its
 * messages' default key, so a group shares a partition. Order: each group is
 * exported in order, one record at a time, and at its first failure the rest
 * of the group is not sent (and is reported failed), so a retry delivers the
 * group in its original order. Groups run in parallel.
 */

/** True when `eventSourceARN` names a FIFO queue. */
function isFifoQueue(arn: unknown): boolean {
  return typeof arn === 'string' && arn.endsWith('.fifo');
}

/**
 * The message group of a record from a FIFO queue, or undefined. Standard
 * queues may carry a `MessageGroupId` as well (fair queues) without any
 * ordering promise, so only FIFO queues count.
 */
export function fifoGroupOf(record: Pick<SqsRecord, 'eventSourceARN' | 'attributes'>): string | undefined {
  return isFifoQueue(record.eventSourceARN) ? record.attributes?.MessageGroupId : undefined;
}

/** Whether any record of the batch is a FIFO record (then the batch is exported in group order). */
export function isFifoBatch(records: readonly SqsRecord[]): boolean {
  return records.some((record) => fifoGroupOf(record) !== undefined);
}

/**
 * Exports record by record within each group, groups in parallel; stops a
 * group at its first failure. Returns whether each record was delivered.
 */
export async function exportInGroupOrder(
  records: readonly SqsRecord[],
  exportRecord: (index: number) => Promise<boolean>,
): Promise<boolean[]> {
  const ok = records.map(() => false);
  const groups = new Map<string, number[]>();
  records.forEach((record, i) => {
    const group = fifoGroupOf(record) ?? '';
    groups.set(group, [...(groups.get(group) ?? []), i]);
  });
  await Promise.all(
    [...groups.values()].map(async (indices) => {
      for (const i of indices) {
        if (!(await exportRecord(i))) return;
        ok[i] = true;
      }
    }),
  );
  return ok;
}
