import { stackLayout } from '../../infra/stack/layout.ts';
import { killNamed, type ServiceName, stopNamed } from '../../infra/stack/services.ts';
import { up } from '../../infra/stack/stack.ts';

const layout = stackLayout();

/** Stops (SIGTERM) or kills (SIGKILL) one service of the local stack. */
export const stopService = (name: ServiceName) => stopNamed(layout, name);
export const killService = (name: ServiceName) => killNamed(layout, name);

/** Starts whatever is not running again and waits until every service is ready. */
export async function restoreStack(): Promise<void> {
  await up(layout);
}
