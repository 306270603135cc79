import { once } from 'node:events';
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';

/** A local endpoint standing in for an AWS API that stops answering. */
export interface HungEndpoint {
  url: string;
  /** Connections accepted so far. */
  connections: () => number;
  close: () => Promise<void>;
}

/**
 * Listens on loopback and, per connection, either never answers (`silent`: it
 * reads the request and says nothing, as a black-holed endpoint does) or
 * answers with response headers and then trickles the body one byte every
 * `trickleMs` (`trickle`: a body that never finishes in time).
 */
export async function hungEndpoint(mode: 'silent' | 'trickle', trickleMs = 300): Promise<HungEndpoint> {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let accepted = 0;
  const server: Server = createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    if (mode === 'silent') return;
    socket.once('data', () => {
      const size = 1_000_000;
      socket.write(
        `HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nContent-Length: ${size}\r\nETag: "abc"\r\n\r\n{"n":1}\n`,
      );
      const timer = setInterval(() => socket.write(' '), trickleMs);
      timers.add(timer);
      socket.on('close', () => clearInterval(timer));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => accepted,
    close: async () => {
      for (const timer of timers) clearInterval(timer);
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}
