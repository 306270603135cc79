/**
 * A counting TCP proxy in front of one listener of each broker. The brokers
 * advertise the proxy's addresses on that listener, so every connection a
 * client makes (bootstrap and per-broker) passes through here and is counted
 * outside the process under test. Tests also use it to break connections:
 *
 *   GET  /_stats    -> { "connections": total accepted, "open": now open, "silenced": now silenced }
 *   GET  /_identity -> { "marker": PROXY_MARKER } (the stack checks it reached its own proxy)
 *   POST /_reset    -> zero the total
 *   POST /_drop     -> destroy every open connection (the client sees FIN/RST: a "stale socket")
 *   POST /_silence  -> every open connection stops forwarding in both directions and is never
 *                      closed: bytes are taken and dropped, nothing comes back, no FIN, no RST.
 *                      What a NAT gateway's idle timeout does to a frozen Lambda's socket.
 *                      New connections are forwarded as usual.
 *
 * Environment: PROXY_ROUTES ("listenPort:targetPort,..."), PROXY_CONTROL_PORT, PROXY_MARKER.
 */
import { createServer as createHttpServer } from 'node:http';
import { connect, createServer, type Socket } from 'node:net';

interface Connection {
  client: Socket;
  upstream: Socket;
  silenced: boolean;
}

const routes = (process.env.PROXY_ROUTES ?? '').split(',').map((route) => route.split(':').map(Number));
const controlPort = Number(process.env.PROXY_CONTROL_PORT);
const marker = process.env.PROXY_MARKER ?? '';
const open = new Set<Connection>();
let connections = 0;

function silence(conn: Connection): void {
  conn.silenced = true;
  conn.client.unpipe(conn.upstream);
  conn.upstream.unpipe(conn.client);
  // Keep reading so the client's writes "succeed"; what it sends goes nowhere.
  conn.client.on('data', () => {});
  conn.upstream.destroy();
}

function forward(client: Socket, targetPort: number): void {
  connections++;
  const upstream = connect({ host: '127.0.0.1', port: targetPort });
  const conn: Connection = { client, upstream, silenced: false };
  open.add(conn);
  const closeBoth = () => {
    open.delete(conn);
    client.destroy();
    upstream.destroy();
  };
  client.on('error', closeBoth).on('close', closeBoth);
  // A silenced connection's upstream is gone, but the client must not hear of it.
  const upstreamClosed = () => {
    if (!conn.silenced) closeBoth();
  };
  upstream.on('error', upstreamClosed).on('close', upstreamClosed);
  client.pipe(upstream);
  upstream.pipe(client);
}

for (const [listenPort, targetPort] of routes) {
  createServer((client) => forward(client, targetPort!)).listen(listenPort, '127.0.0.1');
}

const silencedCount = () => [...open].filter((c) => c.silenced).length;

const control = createHttpServer((req, res) => {
  const reply = (body: unknown) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const stats = () => ({ connections, open: open.size, silenced: silencedCount() });
  if (req.method === 'GET' && req.url === '/_stats') return reply(stats());
  if (req.method === 'GET' && req.url === '/_identity') return reply({ marker });
  if (req.method === 'POST' && req.url === '/_reset') {
    connections = 0;
    return reply(stats());
  }
  if (req.method === 'POST' && req.url === '/_drop') {
    const dropped = open.size;
    for (const conn of open) {
      conn.client.destroy();
      conn.upstream.destroy();
    }
    return reply({ dropped });
  }
  if (req.method === 'POST' && req.url === '/_silence') {
    const silenced = [...open].filter((c) => !c.silenced);
    for (const conn of silenced) silence(conn);
    return reply({ silenced: silenced.length });
  }
  res.writeHead(404).end();
});

control.listen(controlPort, '127.0.0.1', () => {
  console.log(JSON.stringify({ msg: 'counting proxy listening', routes, controlPort }));
});
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => process.exit(0));
