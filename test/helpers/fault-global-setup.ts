import { stackLayout } from '../../infra/stack/layout.ts';
import { down, status, up } from '../../infra/stack/stack.ts';
import { faultStackEnv } from './fault-stack-env.ts';

/**
 * Vitest global setup of the fault suite: brings up the three-broker stack of
 * faultStackEnv() (its own state folder and ports, so the main stack, if any,
 * is left alone) and stops it afterwards unless it was already running.
 */
export default async function setup(): Promise<() => Promise<void>> {
  Object.assign(process.env, faultStackEnv());
  const layout = stackLayout();
  const wasRunning = Object.values(status(layout)).every((pid) => pid !== undefined);
  const started = performance.now();
  await up(layout);
  console.log(
    `[fault stack] three brokers ${wasRunning ? 'reused' : 'started'} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return async () => {
    if (!wasRunning) await down(layout);
  };
}
