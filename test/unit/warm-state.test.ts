import { describe, expect, it } from 'vitest';
import { beforeDeadline, pendingDeadlineWaits } from '../../lib/kafka/deadline.ts';
import { DeadlineExceededError } from '../../lib/kafka/errors.ts';
import { InvocationLog, processRedactor } from '../../lib/observability/index.ts';
import { getDefaultSecretCache } from '../../lib/secrets/index.ts';
import { resetWarmState } from '../../lib/warm-state.ts';

describe('resetWarmState', () => {
  it('forgets the redactor’s secrets, the default secret cache and every pending deadline wait', async () => {
    processRedactor.add('a-secret-value');
    const cache = getDefaultSecretCache();
    const waiting = beforeDeadline(new Promise(() => {}), Date.now() + 60_000, 'a send');
    expect(pendingDeadlineWaits()).toBe(1);

    resetWarmState();

    expect(processRedactor.size).toBe(0);
    expect(processRedactor.redact('a-secret-value')).toBe('a-secret-value');
    expect(getDefaultSecretCache()).not.toBe(cache);
    await expect(waiting).rejects.toBeInstanceOf(DeadlineExceededError);
    expect(pendingDeadlineWaits()).toBe(0);
  });

  it('makes the next invocation a cold start again', () => {
    const invocation = new InvocationLog({ env: {} });
    invocation.begin({ awsRequestId: 'a' });
    invocation.begin({ awsRequestId: 'b' });
    expect(invocation.fields().cold_start).toBe(false);
    resetWarmState();
    invocation.begin({ awsRequestId: 'c' });
    expect(invocation.fields().cold_start).toBe(true);
  });

  it('leaves the shared timer working for the next wait', async () => {
    resetWarmState();
    await expect(beforeDeadline(new Promise(() => {}), Date.now() + 20, 'a send')).rejects.toBeInstanceOf(
      DeadlineExceededError,
    );
    await expect(beforeDeadline(Promise.resolve(7), Date.now() + 1000, 'a send')).resolves.toBe(7);
  });
});
