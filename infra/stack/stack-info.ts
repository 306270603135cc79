import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stackLayout } from './layout.ts';

/** What `stack:up` writes to `.stack/stack.json`: how tests and tools reach every service. */
export interface StackInfo {
  kafkaVersion: string;
  bootstrap: {
    plaintext: string;
    ssl: string;
    saslPlaintext: string;
    saslSsl: string;
    /** TLS listener whose certificate names wrong-host.invalid, for check_hostname tests. */
    sslBadHost: string;
    /** SASL_SSL (every mechanism) through the counting proxy: connections are counted outside the client. */
    counted: string;
  };
  /** Every broker (broker 1 first; `bootstrap` above is broker 1's), by node id, with its address per listener. */
  brokers: Array<{
    nodeId: number;
    service: string;
    plaintext: string;
    ssl: string;
    saslPlaintext: string;
    saslSsl: string;
    sslBadHost: string;
    counted: string;
  }>;
  /** Default replication factor and min.insync.replicas of new topics (1/1 with one broker, 3/2 with three). */
  replication: { factor: number; minInsyncReplicas: number };
  /** Control URL of the counting proxy: GET /_stats, POST /_reset, POST /_drop, POST /_silence. */
  countingProxy: string;
  /** SASL users (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512) and their passwords. */
  users: { ske: string; rotator: string };
  tls: {
    caCert: string;
    clientCert: string;
    clientKey: string;
    clientKeyPassphrase: string;
    rogueClientCert: string;
    rogueClientKey: string;
  };
  oauth: {
    url: string;
    tokenUrl: string;
    jwksUrl: string;
    issuer: string;
    audience: string;
    clientId: string;
    clientSecret: string;
  };
  aws: { endpoint: string; region: string; accessKeyId: string; secretAccessKey: string };
  /** Classpath of the broker's jars, for Kafka's own admin tools (kafka.admin.ConfigCommand, ...). */
  kafkaClasspath: string;
  logDir: string;
}

export function stackInfoPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(stackLayout(env).stateDir, 'stack.json');
}

/** Reads the connection details of the running stack; fails with the command to run when it is not up. */
export function readStackInfo(env: NodeJS.ProcessEnv = process.env): StackInfo {
  const file = stackInfoPath(env);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as StackInfo;
  } catch (err) {
    throw new Error(`No local stack details at ${file}: run \`npm run stack:up\` first`, { cause: err });
  }
}
