import type { ProducerPool } from '../kafka/index.ts';
import type { Runtime } from './runtime.ts';

export interface RuntimeCacheDeps {
  load: () => Promise<Runtime>;
  pool: Pick<ProducerPool, 'discard'>;
  now: () => number;
  /** A runtime older than this is loaded again (and so its secrets read again). */
  refreshAfterMs: number;
}

/**
 * The warm runtime and its refresh: loaded on first use, kept while fresh,
 * loaded again once stale (or when forced, after Kafka refused credentials).
 * Concurrent callers share one load; a failed load is forgotten so the next
 * call tries again. A runtime whose connection key changed closes the old
 * producer instead of leaking it.
 */
export class RuntimeCache {
  /** The latest load, and what it gave once done (for the warm path to read without awaiting). */
  private latest: { loading: Promise<Runtime>; loaded?: Runtime } | undefined;

  constructor(private readonly deps: RuntimeCacheDeps) {}

  /** The loaded runtime while it is fresh (every warm invocation), else undefined. */
  fresh(): Runtime | undefined {
    const loaded = this.latest?.loaded;
    return loaded && this.deps.now() - loaded.resolvedAt < this.deps.refreshAfterMs ? loaded : undefined;
  }

  /** The fresh runtime, loading it when there is none (or when `force`). */
  async current(force = false): Promise<Runtime> {
    const { deps } = this;
    const previous = this.latest ? await this.latest.loading.catch(() => undefined) : undefined;
    if (!force && previous && deps.now() - previous.resolvedAt < deps.refreshAfterMs) return previous;
    const entry: NonNullable<RuntimeCache['latest']> = { loading: deps.load() };
    this.latest = entry;
    entry.loading.then(
      (rt) => {
        entry.loaded = rt;
      },
      () => {
        if (this.latest === entry) this.latest = undefined;
      },
    );
    const next = await entry.loading;
    // New credentials mean a new connection; the old producer is closed, not leaked.
    if (previous && previous.producerKey !== next.producerKey) await deps.pool.discard(previous.producerKey);
    return next;
  }
}
