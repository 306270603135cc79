import { stackLayout } from '../../infra/stack/layout.ts';
import { down, status, up } from '../../infra/stack/stack.ts';

/**
 * Vitest global setup for integration tests: brings the local stack up once
 * per run and stops it afterwards, unless it was already running (a developer's
 * `npm run stack:up` is left as it was).
 */
export default async function setup(): Promise<() => Promise<void>> {
  const layout = stackLayout();
  const wasRunning = Object.values(status(layout)).every((pid) => pid !== undefined);
  const started = performance.now();
  await up(layout);
  console.log(
    `[stack] ${wasRunning ? 'reused' : 'started'} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return async () => {
    if (!wasRunning) await down(layout);
  };
}
