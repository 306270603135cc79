/**
 * One queue of produce requests per topic partition, shared by every export
 * that uses the producer.
 *
 * Why: concurrent exports (an S3 object's batches in flight while reading goes
 * on, overlapping HTTP requests) would otherwise race for a partition, and a
 * request retried inside KafkaJS (a dropped connection, a leader change) could
 * land after one sent later. A partition's requests go one at a time, in the
 * order they were queued, so its records leave in input order; partitions
 * still go in parallel. A request waits for the one before it to settle
 * (landed or failed), even past the deadline of the export that sent it.
 */
export class PartitionLanes {
  readonly #tails = new Map<string, Promise<void>>();

  /**
   * Runs `work` once the work queued before it for the same partition has
   * settled. The queue position is taken now, synchronously.
   */
  enqueue<T>(topic: string, partition: number, work: () => Promise<T>): Promise<T> {
    const lane = `${partition}:${topic}`;
    const before = this.#tails.get(lane);
    const run = before ? before.then(work) : work();
    const tail = run.then(settled, settled);
    this.#tails.set(lane, tail);
    tail.then(() => {
      if (this.#tails.get(lane) === tail) this.#tails.delete(lane);
    });
    return run;
  }

  /** Partitions with work queued or in flight (tests). */
  get busy(): number {
    return this.#tails.size;
  }
}

function settled(): void {}
