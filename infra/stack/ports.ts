import { createServer } from 'node:net';
import { brokerListeners } from './kafka-config.ts';
import type { StackLayout } from './layout.ts';
import { runningPid } from './processes.ts';

/** A port the stack listens on, and the service (pid file name) that listens there. */
export interface PortNeed {
  port: number;
  service: string;
  what: string;
}

/** Every port the layout's services listen on. */
export function portNeeds(layout: StackLayout): PortNeed[] {
  const { ports } = layout;
  const needs: PortNeed[] = [
    { port: ports.oauth, service: 'oauth', what: 'OAuth server' },
    { port: ports.aws, service: 'aws', what: 'AWS API emulator' },
    { port: ports.countedControl, service: 'proxy', what: 'counting proxy control' },
    {
      port: ports.controller,
      service: layout.brokers.length > 1 ? 'controller' : 'kafka',
      what: 'KRaft controller',
    },
  ];
  for (const broker of layout.brokers) {
    needs.push({
      port: broker.counted,
      service: 'proxy',
      what: `counting proxy for broker ${broker.nodeId}`,
    });
    for (const l of brokerListeners(broker)) {
      needs.push({
        port: l.port,
        service: broker.service,
        what: `Kafka broker ${broker.nodeId} ${l.name} listener`,
      });
    }
  }
  return needs;
}

/** Resolves the bind error code for host:port (EADDRINUSE when taken), or undefined when the port is free. */
function bindError(port: number, host: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(undefined)));
  });
}

/** True when something else listens on the port, over IPv4 or IPv6 loopback (`localhost` may resolve to either). */
export async function portTaken(port: number): Promise<boolean> {
  if ((await bindError(port, '127.0.0.1')) === 'EADDRINUSE') return true;
  // No IPv6 on the machine (EADDRNOTAVAIL, EAFNOSUPPORT) is not a conflict.
  return (await bindError(port, '::1')) === 'EADDRINUSE';
}

/**
 * Fails before anything starts when a port the stack needs is held by
 * anything but this state folder's own running service (which `up` reuses).
 * The message names each port, the service that needs it, and the two fixes.
 */
export async function assertPortsFree(layout: StackLayout): Promise<void> {
  const needs = portNeeds(layout).filter((need) => runningPid(layout.stateDir, need.service) === undefined);
  const taken: PortNeed[] = [];
  for (const need of needs.sort((a, b) => a.port - b.port)) if (await portTaken(need.port)) taken.push(need);
  if (taken.length === 0) return;
  const lines = taken.map((t) => `  port ${t.port}: needed by the ${t.what} (${t.service})`);
  throw new Error(
    [
      `${taken.length} port(s) of this stack (${layout.stateDir}) are in use by another process:`,
      ...lines,
      'Nothing was started. Either run this stack on other ports (SKE_PORT_BASE=<base>, e.g. ' +
        `SKE_PORT_BASE=${layout.ports.oauth + 50}; a stack uses base..base+39), or stop the other stack ` +
        '(`npm run stack:down` in its checkout).',
    ].join('\n'),
  );
}
