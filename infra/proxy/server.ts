/**
 * A counting TCP proxy in front of one broker listener. The broker advertises
 * the proxy's address on that listener, so every connection a client makes
 * (bootstrap and per-broker) passes through here and is counted outside the
 * process under test. Tests also use it to cut every open connection (a
 * "stale socket" after a Lambda freeze) without restarting the broker.
 *
 *   GET  /_stats   -> { "connections": total accepted, "open": now open }
 *   POST /_reset   -> zero the total
 *   POST /_drop    -> destroy every open connection
 *
 * Environment: PROXY_LISTEN_PORT, PROXY_TARGET_PORT, PROXY_CONTROL_PORT.
 */
import { createServer as createHttpServer } from 'node:http';
import { connect, createServer, type Socket } from 'node:net';

const listenPort = Number(process.env.PROXY_LISTEN_PORT);
const targetPort = Number(process.env.PROXY_TARGET_PORT);
const controlPort = Number(process.env.PROXY_CONTROL_PORT);
const open = new Set<Socket>();
let connections = 0;

const proxy = createServer((client) => {
  connections++;
  const upstream = connect({ host: '127.0.0.1', port: targetPort });
  open.add(client);
  const close = () => {
    open.delete(client);
    client.destroy();
    upstream.destroy();
  };
  client.on('error', close).on('close', close);
  upstream.on('error', close).on('close', close);
  client.pipe(upstream);
  upstream.pipe(client);
});

const control = createHttpServer((req, res) => {
  const reply = (body: unknown) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  if (req.method === 'GET' && req.url === '/_stats') return reply({ connections, open: open.size });
  if (req.method === 'POST' && req.url === '/_reset') {
    connections = 0;
    return reply({ connections, open: open.size });
  }
  if (req.method === 'POST' && req.url === '/_drop') {
    const dropped = open.size;
    for (const socket of open) socket.destroy();
    return reply({ dropped });
  }
  res.writeHead(404).end();
});

proxy.listen(listenPort, '127.0.0.1');
control.listen(controlPort, '127.0.0.1', () => {
  console.log(JSON.stringify({ msg: 'counting proxy listening', listenPort, targetPort, controlPort }));
});
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => process.exit(0));
