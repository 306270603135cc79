import { stackLayout } from '../../infra/stack/layout.ts';
import { killNamed, stopNamed } from '../../infra/stack/services.ts';
import { up } from '../../infra/stack/stack.ts';

const layout = () => stackLayout();

/** Stops (SIGTERM: a controlled shutdown for a broker) or kills (SIGKILL) one service of the local stack. */
export const stopService = (name: string) => stopNamed(layout(), name);
export const killService = (name: string) => killNamed(layout(), name);

/** Starts whatever is not running again and waits until every service is ready. */
export async function restoreStack(): Promise<void> {
  await up(layout());
}
