import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CertificatePaths } from './certificates.ts';
import type { StackCredentials } from './credentials.ts';
import { clusterIsOurs, formattedClusterId } from './identity.ts';
import {
  brokerListeners,
  brokerProperties,
  controllerProperties,
  LOG4J_PROPERTIES,
  LOG4J2_PROPERTIES,
} from './kafka-config.ts';
import type { StackLayout } from './layout.ts';
import { runningPid, startService } from './processes.ts';
import { exitWatch, portOpen, waitFor } from './readiness.ts';
import { OAUTH_AUDIENCE, oauthUrl } from './services.ts';

function javaArgs(layout: StackLayout, libs: string, heap: string): string[] {
  return [
    '-Xms128m',
    `-Xmx${heap}`,
    '-XX:+UseG1GC',
    '-Djava.awt.headless=true',
    `-Dlog4j.configuration=file:${join(layout.stateDir, 'log4j.properties')}`,
    `-Dlog4j2.configurationFile=${join(layout.stateDir, 'log4j2.properties')}`,
    // Kafka 4 only fetches a JWKS from URLs allowed here (ignored by 3.x).
    `-Dorg.apache.kafka.sasl.oauthbearer.allowed.urls=${oauthUrl(layout)}/jwks`,
    '-cp',
    `${libs}/*`,
  ];
}

/** One KRaft node to run: its service name, config file and data folder. */
interface KafkaNode {
  name: string;
  propsFile: string;
  dataDir: string;
  heap: string;
}

/** Formats a node's storage (with the SCRAM users) once per data folder. */
function formatStorage(
  layout: StackLayout,
  libs: string,
  node: KafkaNode,
  credentials: StackCredentials,
): void {
  if (existsSync(join(node.dataDir, 'meta.properties'))) return;
  mkdirSync(node.dataDir, { recursive: true });
  const scram = Object.entries(credentials.users).flatMap(([name, password]) =>
    ['SCRAM-SHA-256', 'SCRAM-SHA-512'].flatMap((m) => [
      '--add-scram',
      `${m}=[name=${name},password=${password}]`,
    ]),
  );
  execFileSync(
    'java',
    [
      ...javaArgs(layout, libs, '256m'),
      'kafka.tools.StorageTool',
      'format',
      '-t',
      credentials.clusterId,
      '-c',
      node.propsFile,
      '--ignore-formatted',
      ...scram,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

/** The data folder of broker `n` (one broker keeps the historical name). */
export function brokerDataDir(layout: StackLayout, nodeId: number): string {
  const name = layout.brokers.length === 1 ? 'kafka-data' : `kafka-${nodeId}-data`;
  return join(layout.stateDir, `${name}-${layout.kafkaVersion}`);
}

/** Writes every node's config (controller first when separate, then the brokers). */
function kafkaNodes(
  layout: StackLayout,
  certs: CertificatePaths,
  credentials: StackCredentials,
): KafkaNode[] {
  const multi = layout.brokers.length > 1;
  const nodes: KafkaNode[] = [];
  if (multi) {
    const dataDir = join(layout.stateDir, `controller-data-${layout.kafkaVersion}`);
    const propsFile = join(layout.stateDir, 'controller.properties');
    writeFileSync(propsFile, controllerProperties(layout, dataDir));
    nodes.push({ name: 'controller', propsFile, dataDir, heap: '256m' });
  }
  const idle = process.env.SKE_KAFKA_IDLE_MS;
  for (const broker of layout.brokers) {
    const dataDir = brokerDataDir(layout, broker.nodeId);
    const propsFile = join(
      layout.stateDir,
      multi ? `server-${broker.nodeId}.properties` : 'server.properties',
    );
    writeFileSync(
      propsFile,
      brokerProperties({
        layout,
        broker,
        certs,
        users: credentials.users,
        dataDir,
        oauth: { jwksUrl: `${oauthUrl(layout)}/jwks`, issuer: oauthUrl(layout), audience: OAUTH_AUDIENCE },
        reauthMs: Number(process.env.SKE_KAFKA_REAUTH_MS ?? 60_000),
        autoCreateTopics: process.env.SKE_KAFKA_AUTO_CREATE_TOPICS === 'true',
        ...(idle ? { idleMs: Number(idle) } : {}),
      }),
    );
    nodes.push({ name: broker.service, propsFile, dataDir, heap: multi ? '512m' : '768m' });
  }
  return nodes;
}

/**
 * Writes the configs, formats storage once per data folder, starts every node
 * not running, and waits until each broker answers metadata with this folder's
 * cluster id (from its meta.properties) and the cluster lists every broker.
 */
export async function startKafka(
  layout: StackLayout,
  libs: string,
  certs: CertificatePaths,
  credentials: StackCredentials,
): Promise<void> {
  writeFileSync(join(layout.stateDir, 'log4j.properties'), LOG4J_PROPERTIES);
  writeFileSync(join(layout.stateDir, 'log4j2.properties'), LOG4J2_PROPERTIES);
  const nodes = kafkaNodes(layout, certs, credentials);
  for (const node of nodes) formatStorage(layout, libs, node, credentials);
  for (const node of nodes) {
    if (runningPid(layout.stateDir, node.name) !== undefined) continue;
    startService(layout.stateDir, layout.logDir, {
      name: node.name,
      command: 'java',
      args: [...javaArgs(layout, libs, node.heap), 'kafka.Kafka', node.propsFile],
      cwd: layout.stateDir,
    });
  }
  const watchAll = () => {
    for (const node of nodes) exitWatch(layout, node.name, `Kafka ${node.name}`)();
  };
  const nodeIds = layout.brokers.map((b) => b.nodeId);
  await Promise.all(
    layout.brokers.map(async (broker) => {
      const ports = brokerListeners(broker).map((l) => l.port);
      const clusterId = formattedClusterId(brokerDataDir(layout, broker.nodeId));
      if (clusterId === undefined)
        throw new Error(`${brokerDataDir(layout, broker.nodeId)} is not formatted`);
      const log = join(layout.logDir, `${broker.service}.log`);
      await waitFor(
        `Kafka ${layout.kafkaVersion} ${broker.service} listeners ${ports.join(', ')}`,
        async () => (await Promise.all(ports.map((p) => portOpen(p)))).every(Boolean),
        { timeoutMs: 120_000, log, failFast: watchAll },
      );
      await waitFor(
        `Kafka ${broker.service} metadata (cluster ${clusterId}, brokers ${nodeIds.join(', ')})`,
        () => clusterIsOurs(`localhost:${broker.plaintext}`, clusterId, nodeIds),
        { timeoutMs: 90_000, log, failFast: watchAll },
      );
    }),
  );
}
