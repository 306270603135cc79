import type { CertificatePaths } from './certificates.ts';
import type { BrokerPorts, StackLayout } from './layout.ts';

/** Users the broker knows; passwords are generated on first start. */
export interface KafkaUsers {
  ske: string;
  rotator: string;
}

export interface BrokerConfigInput {
  layout: StackLayout;
  broker: BrokerPorts;
  certs: CertificatePaths;
  users: KafkaUsers;
  dataDir: string;
  oauth: { jwksUrl: string; issuer: string; audience: string };
  /** `connections.max.reauth.ms` on the SASL listeners: tokens and passwords are re-checked this often. */
  reauthMs: number;
  autoCreateTopics: boolean;
  /** `connections.max.idle.ms`: the broker closes connections idle this long (Kafka's default 10 minutes). */
  idleMs?: number;
}

const jaasPlain = (users: KafkaUsers) =>
  `org.apache.kafka.common.security.plain.PlainLoginModule required user_ske="${users.ske}" user_rotator="${users.rotator}";`;

/** Node id of the controller-only node of a multi-broker stack. */
export const CONTROLLER_NODE_ID = 100;

/** One listener of a broker: its name, port, the port it is advertised at, and its security protocol. */
export interface Listener {
  name: string;
  port: number;
  advertisedPort: number;
  protocol: 'PLAINTEXT' | 'SSL' | 'SASL_PLAINTEXT' | 'SASL_SSL';
  /** SASL listeners get PLAIN, SCRAM and OAUTHBEARER. */
  sasl: boolean;
}

/**
 * Every client listener of a broker; one more listener is one more entry here
 * (and its port in layout.ts). COUNTED is advertised at the proxy's port, so
 * clients come back through the proxy after bootstrap.
 */
export function brokerListeners(broker: BrokerPorts): Listener[] {
  return [
    {
      name: 'PLAINTEXT',
      port: broker.plaintext,
      advertisedPort: broker.plaintext,
      protocol: 'PLAINTEXT',
      sasl: false,
    },
    { name: 'SSL', port: broker.ssl, advertisedPort: broker.ssl, protocol: 'SSL', sasl: false },
    {
      name: 'SASL_PLAINTEXT',
      port: broker.saslPlaintext,
      advertisedPort: broker.saslPlaintext,
      protocol: 'SASL_PLAINTEXT',
      sasl: true,
    },
    {
      name: 'SASL_SSL',
      port: broker.saslSsl,
      advertisedPort: broker.saslSsl,
      protocol: 'SASL_SSL',
      sasl: true,
    },
    {
      name: 'BADHOST',
      port: broker.sslBadHost,
      advertisedPort: broker.sslBadHost,
      protocol: 'SSL',
      sasl: false,
    },
    {
      name: 'COUNTED',
      port: broker.countedBroker,
      advertisedPort: broker.counted,
      protocol: 'SASL_SSL',
      sasl: true,
    },
  ];
}

const render = (props: Record<string, string | number | boolean>) =>
  `${Object.entries(props)
    .map(([k, v]) => `${k}=${String(v).replaceAll('\\', '\\\\')}`)
    .join('\n')}\n`;

const voters = (layout: StackLayout) =>
  `${layout.brokers.length > 1 ? CONTROLLER_NODE_ID : 1}@127.0.0.1:${layout.ports.controller}`;

/** Replication settings: a one-broker stack replicates nothing; more brokers get MSK's RF 3 / min ISR 2 (capped). */
function replication(brokers: number): Record<string, number> {
  const rf = Math.min(3, brokers);
  const minIsr = Math.min(2, rf);
  return {
    'default.replication.factor': rf,
    'min.insync.replicas': minIsr,
    'offsets.topic.replication.factor': rf,
    'transaction.state.log.replication.factor': rf,
    'transaction.state.log.min.isr': minIsr,
    'share.coordinator.state.topic.replication.factor': rf,
    'share.coordinator.state.topic.min.isr': minIsr,
  };
}

/**
 * The server.properties of one broker with every listener the tests need. With
 * one broker it is also the KRaft controller; with more, the controller is a
 * separate node ({@link controllerProperties}).
 */
export function brokerProperties(input: BrokerConfigInput): string {
  const { layout, broker, certs, users } = input;
  const combined = layout.brokers.length === 1;
  const listeners = brokerListeners(broker);
  const controllerListener = combined ? [`CONTROLLER://127.0.0.1:${layout.ports.controller}`] : [];
  const props: Record<string, string | number | boolean> = {
    'process.roles': combined ? 'broker,controller' : 'broker',
    'node.id': broker.nodeId,
    'controller.quorum.voters': voters(layout),
    listeners: [...listeners.map((l) => `${l.name}://127.0.0.1:${l.port}`), ...controllerListener].join(','),
    // Advertised as localhost: the server certificate names localhost, so host-name checks pass (except on BADHOST).
    'advertised.listeners': listeners.map((l) => `${l.name}://localhost:${l.advertisedPort}`).join(','),
    'listener.security.protocol.map': [
      ...listeners.map((l) => `${l.name}:${l.protocol}`),
      'CONTROLLER:PLAINTEXT',
    ].join(','),
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'log.dirs': input.dataDir,
    'num.partitions': 1,
    ...replication(layout.brokers.length),
    'offsets.topic.num.partitions': 1,
    // A follower that stops fetching leaves the ISR after 10 s (Kafka's default 30 s): faults show sooner.
    'replica.lag.time.max.ms': 10_000,
    'group.initial.rebalance.delay.ms': 0,
    'auto.create.topics.enable': input.autoCreateTopics,
    'log.segment.bytes': 16 * 1024 * 1024,
    ...(input.idleMs !== undefined ? { 'connections.max.idle.ms': input.idleMs } : {}),
    // TLS: one CA; the SSL listener requires a client certificate (mTLS).
    'ssl.keystore.type': 'PEM',
    'ssl.keystore.location': certs.serverKeystore,
    'ssl.truststore.type': 'PEM',
    'ssl.truststore.location': certs.caCert,
    'listener.name.ssl.ssl.client.auth': 'required',
    'listener.name.badhost.ssl.keystore.type': 'PEM',
    'listener.name.badhost.ssl.keystore.location': certs.badHostKeystore,
    // SASL: PLAIN and SCRAM on both SASL listeners; OAUTHBEARER with JWT validation against the JWKS.
    'sasl.enabled.mechanisms': 'PLAIN,SCRAM-SHA-256,SCRAM-SHA-512,OAUTHBEARER',
    'sasl.oauthbearer.jwks.endpoint.url': input.oauth.jwksUrl,
    'sasl.oauthbearer.expected.audience': input.oauth.audience,
    'sasl.oauthbearer.expected.issuer': input.oauth.issuer,
    // Kafka 4.1+ (KIP-1139): the default validator class on a broker, DefaultJwtValidator built without a
    // key resolver, falls back to ClientJwtValidator, which checks neither signature, audience nor issuer.
    // Our refusal tests caught it accepting forged tokens. Name the broker validator explicitly (3.x ignores it).
    'sasl.oauthbearer.jwt.validator.class': 'org.apache.kafka.common.security.oauthbearer.BrokerJwtValidator',
    // A restarted OAuth server keeps its key; refresh often enough that a new key is picked up in tests.
    'sasl.oauthbearer.jwks.endpoint.refresh.ms': 60_000,
  };
  for (const listener of listeners.filter((l) => l.sasl)) {
    const prefix = `listener.name.${listener.name.toLowerCase()}`;
    props[`${prefix}.plain.sasl.jaas.config`] = jaasPlain(users);
    props[`${prefix}.scram-sha-256.sasl.jaas.config`] =
      'org.apache.kafka.common.security.scram.ScramLoginModule required;';
    props[`${prefix}.scram-sha-512.sasl.jaas.config`] =
      'org.apache.kafka.common.security.scram.ScramLoginModule required;';
    props[`${prefix}.oauthbearer.sasl.jaas.config`] =
      'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;';
    props[`${prefix}.oauthbearer.sasl.server.callback.handler.class`] =
      'org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallbackHandler';
    props[`${prefix}.connections.max.reauth.ms`] = input.reauthMs;
  }
  return render(props);
}

/** The controller-only node of a multi-broker stack: the KRaft quorum of one, no client listeners. */
export function controllerProperties(layout: StackLayout, dataDir: string): string {
  return render({
    'process.roles': 'controller',
    'node.id': CONTROLLER_NODE_ID,
    'controller.quorum.voters': voters(layout),
    listeners: `CONTROLLER://127.0.0.1:${layout.ports.controller}`,
    'controller.listener.names': 'CONTROLLER',
    'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT',
    'log.dirs': dataDir,
    // In KRaft the controller creates topics: the replication defaults must be set here too.
    'num.partitions': 1,
    ...replication(layout.brokers.length),
  });
}

/** Logging for Kafka 3.x (reload4j) and 4.x (log4j2): everything to stdout, which the stack sends to a log file. */
export const LOG4J_PROPERTIES = `log4j.rootLogger=INFO, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.request.logger=WARN
log4j.logger.state.change.logger=WARN
`;

export const LOG4J2_PROPERTIES = `status = error
appender.console.type = Console
appender.console.name = STDOUT
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = info
rootLogger.appenderRef.stdout.ref = STDOUT
logger.request.name = kafka.request.logger
logger.request.level = warn
`;
