import { describe, expect, it, vi } from 'vitest';
import { withAuthRetry } from '../../../lib/secrets/index.ts';

class AuthFailed extends Error {}
const isAuthError = (error: unknown) => error instanceof AuthFailed;

describe('withAuthRetry', () => {
  it('returns the first result without refreshing when fn succeeds', async () => {
    const refresh = vi.fn();
    expect(await withAuthRetry(async () => 'ok', { isAuthError, refresh })).toBe('ok');
    expect(refresh).not.toHaveBeenCalled();
  });

  it('refreshes once and runs fn again after an authentication error', async () => {
    const refresh = vi.fn();
    const fn = vi
      .fn()
      .mockRejectedValueOnce(new AuthFailed('bad password'))
      .mockResolvedValueOnce('connected');
    expect(await withAuthRetry(fn, { isAuthError, refresh })).toBe('connected');
    expect(refresh).toHaveBeenCalledOnce();
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('waits for an async refresh before trying again', async () => {
    const order: string[] = [];
    const fn = vi.fn(async () => {
      order.push('fn');
      if (order.length === 1) throw new AuthFailed('x');
      return 'ok';
    });
    const refresh = async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      order.push('refresh');
    };
    await withAuthRetry(fn, { isAuthError, refresh });
    expect(order).toEqual(['fn', 'refresh', 'fn']);
  });

  it('gives up with the second error instead of looping', async () => {
    const refresh = vi.fn();
    const fn = vi
      .fn()
      .mockRejectedValueOnce(new AuthFailed('first'))
      .mockRejectedValueOnce(new AuthFailed('second'));
    await expect(withAuthRetry(fn, { isAuthError, refresh })).rejects.toThrow('second');
    expect(fn).toHaveBeenCalledTimes(2);
    expect(refresh).toHaveBeenCalledOnce();
  });

  it('passes other errors through without refreshing', async () => {
    const refresh = vi.fn();
    const fn = vi.fn().mockRejectedValue(new Error('broker down'));
    await expect(withAuthRetry(fn, { isAuthError, refresh })).rejects.toThrow('broker down');
    expect(fn).toHaveBeenCalledOnce();
    expect(refresh).not.toHaveBeenCalled();
  });
});
