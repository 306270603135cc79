import {
  type Delivery,
  isAuthenticationError,
  type ProduceRecord,
  type ProducerPool,
} from '../kafka/index.ts';
import type { Logger } from '../observability/index.ts';
import type { SecretCache } from '../secrets/index.ts';
import type { Runtime, RuntimeLoader } from './runtime.ts';
import type { RuntimeCache } from './runtime-cache.ts';
import type { Send } from './send.ts';

export interface AuthRetryDeps {
  secrets: Pick<SecretCache, 'refresh'>;
  loader: Pick<RuntimeLoader, 'invalidateTokens'>;
  pool: Pick<ProducerPool, 'discard'>;
  runtimes: Pick<RuntimeCache, 'current'>;
  send: Send;
  logger: Logger;
  now: () => number;
}

/**
 * Credential rotation: the records Kafka refused for their credentials are
 * sent once more after secrets and tokens are refreshed, the config is
 * re-resolved and the producer reconnected. Once only: a wrong secret fails
 * after two tries instead of looping. Returns the runtime in use afterwards.
 */
export async function retryRefusedCredentials(
  rt: Runtime,
  records: readonly ProduceRecord[],
  deliveries: Delivery[],
  deadline: number,
  deps: AuthRetryDeps,
): Promise<{ rt: Runtime; deliveries: Delivery[] }> {
  const refused: number[] = [];
  deliveries.forEach((d, n) => {
    if (!d.ok && isAuthenticationError(d.error)) refused.push(n);
  });
  if (refused.length === 0 || deps.now() >= deadline) return { rt, deliveries };
  deps.logger.warn('Kafka refused the credentials: refreshing secrets and tokens once and retrying', {
    records: refused.length,
  });
  deps.secrets.refresh();
  deps.loader.invalidateTokens();
  await deps.pool.discard(rt.producerKey);
  const next = await deps.runtimes.current(true);
  const retried = await deps.send(
    next,
    refused.map((n) => records[n]!),
    deadline,
  );
  const merged = deliveries.slice();
  refused.forEach((n, k) => {
    merged[n] = retried[k]!;
  });
  return { rt: next, deliveries: merged };
}
