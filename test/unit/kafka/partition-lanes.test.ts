import { describe, expect, it } from 'vitest';
import { PartitionLanes } from '../../../lib/kafka/partition-lanes.ts';

const later = <T>(value: T, ms: number) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe('partition lanes', () => {
  it('runs one partition’s work in the order it was queued, one at a time, whatever each takes', async () => {
    const lanes = new PartitionLanes();
    const log: string[] = [];
    const work =
      (name: string, ms: number, fail = false) =>
      async () => {
        log.push(`start ${name}`);
        await later(undefined, ms);
        log.push(`end ${name}`);
        if (fail) throw new Error(name);
        return name;
      };
    const a = lanes.enqueue('t', 0, work('a', 30, true));
    const b = lanes.enqueue('t', 0, work('b', 1));
    const other = lanes.enqueue('t', 1, work('other', 1));
    await expect(a).rejects.toThrow('a');
    expect(await b).toBe('b');
    expect(await other).toBe('other');
    // A failure does not let the next one overtake; another partition does not wait.
    expect(log.indexOf('start b')).toBeGreaterThan(log.indexOf('end a'));
    expect(log.indexOf('end other')).toBeLessThan(log.indexOf('end a'));
    await later(undefined, 0);
    expect(lanes.busy).toBe(0);
  });
});
