import { isIP, connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { ISocketFactory } from 'kafkajs';

/** Kafka's own clients probe idle connections too; a minute as KafkaJS's default factory does. */
const KEEP_ALIVE_MS = 60_000;

/**
 * The sockets of one KafkaJS client, made by its `socketFactory` (the same
 * TCP/TLS connect KafkaJS makes by default), so the exporter can break them.
 *
 * Why: a socket a NAT gateway dropped silently (no FIN, no RST), or one that
 * went stale while the Lambda container was frozen, looks open. KafkaJS waits
 * its request timeout on it and then retries on the same socket, so an
 * invocation hangs until the Lambda timeout. Destroying the sockets with an
 * error makes KafkaJS fail the pending requests as a connection error, which
 * it retries at once on a new connection (after a metadata refresh).
 */
export class SocketTracker {
  private readonly open = new Set<Socket>();

  readonly socketFactory: ISocketFactory = ({ host, port, ssl, onConnect }) => {
    const socket = ssl
      ? tlsConnect({ host, port, ...(isIP(host) ? {} : { servername: host }), ...ssl }, onConnect)
      : netConnect({ host, port }, onConnect);
    socket.setKeepAlive(true, KEEP_ALIVE_MS);
    this.open.add(socket);
    socket.once('close', () => this.open.delete(socket));
    return socket;
  };

  /** Destroys every open socket with an ETIMEDOUT error (KafkaJS reconnects on its next try). Returns how many. */
  destroyAll(reason: string): number {
    const count = this.open.size;
    for (const socket of this.open) {
      socket.destroy(Object.assign(new Error(`ETIMEDOUT: ${reason}`), { code: 'ETIMEDOUT' }));
    }
    this.open.clear();
    return count;
  }

  get size(): number {
    return this.open.size;
  }
}
