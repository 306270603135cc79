import { join } from 'node:path';
import { ROOT } from '../../infra/stack/layout.ts';

/** `connections.max.idle.ms` of the fault cluster: short, so a frozen container's sockets really go stale. */
export const FAULT_IDLE_MS = 8000;

/**
 * The environment of the fault suite's stack: three brokers, in their own
 * state folder (.stack-faults), on ports 50 above the main stack's (so both fit
 * in one base's hundred and never collide), brokers closing idle connections
 * after FAULT_IDLE_MS.
 */
export function faultStackEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const base = Number(env.SKE_PORT_BASE ?? 19090) + 50;
  return {
    SKE_PORT_BASE: String(base),
    SKE_STACK_DIR: join(ROOT, '.stack-faults'),
    SKE_KAFKA_BROKERS: '3',
    SKE_KAFKA_IDLE_MS: String(FAULT_IDLE_MS),
  };
}
