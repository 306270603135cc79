import type { CertificatePaths } from './certificates.ts';
import type { StackLayout } from './layout.ts';

/** Users the broker knows; passwords are generated on first start. */
export interface KafkaUsers {
  ske: string;
  rotator: string;
}

export interface BrokerConfigInput {
  layout: StackLayout;
  certs: CertificatePaths;
  users: KafkaUsers;
  dataDir: string;
  oauth: { jwksUrl: string; issuer: string; audience: string };
  /** `connections.max.reauth.ms` on the SASL listeners: tokens and passwords are re-checked this often. */
  reauthMs: number;
  autoCreateTopics: boolean;
  /** The MSK IAM listener: region its tokens are signed for, and the files of access keys it knows. */
  iam: { region: string; credentialsFiles: string[] };
}

const jaasPlain = (users: KafkaUsers) =>
  `org.apache.kafka.common.security.plain.PlainLoginModule required user_ske="${users.ske}" user_rotator="${users.rotator}";`;

/** The server.properties of the single-node KRaft broker with every listener the tests need. */
export function brokerProperties(input: BrokerConfigInput): string {
  const { ports } = input.layout;
  const { certs, users } = input;
  const listeners: Array<[name: string, port: number]> = [
    ['PLAINTEXT', ports.plaintext],
    ['SSL', ports.ssl],
    ['SASL_PLAINTEXT', ports.saslPlaintext],
    ['SASL_SSL', ports.saslSsl],
    ['BADHOST', ports.sslBadHost],
    ['COUNTED', ports.countedBroker],
    ['IAM', ports.iam],
  ];
  const props: Record<string, string | number | boolean> = {
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.voters': `1@127.0.0.1:${ports.controller}`,
    listeners: [
      ...listeners.map(([n, p]) => `${n}://127.0.0.1:${p}`),
      `CONTROLLER://127.0.0.1:${ports.controller}`,
    ].join(','),
    // Advertised as localhost: the server certificate names localhost, so host-name checks pass (except on BADHOST).
    // COUNTED is advertised at the proxy's port, so clients come back through the proxy after bootstrap.
    'advertised.listeners': listeners
      .map(([n, p]) => `${n}://localhost:${n === 'COUNTED' ? ports.counted : p}`)
      .join(','),
    'listener.security.protocol.map':
      'PLAINTEXT:PLAINTEXT,SSL:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL,BADHOST:SSL,COUNTED:SASL_SSL,IAM:SASL_SSL,CONTROLLER:PLAINTEXT',
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'log.dirs': input.dataDir,
    'num.partitions': 1,
    'offsets.topic.replication.factor': 1,
    'offsets.topic.num.partitions': 1,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'share.coordinator.state.topic.replication.factor': 1,
    'share.coordinator.state.topic.min.isr': 1,
    'group.initial.rebalance.delay.ms': 0,
    'auto.create.topics.enable': input.autoCreateTopics,
    'log.segment.bytes': 16 * 1024 * 1024,
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
    // ACLs play the part of IAM policies for the IAM listener's principals (infra/stack/iam-acls.ts).
    // Principals of the other listeners see no difference: a topic without ACLs is open to everyone,
    // and the plain listener (the tests' reader, the controller) is a super user.
    'authorizer.class.name': 'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    'allow.everyone.if.no.acl.found': true,
    'super.users': 'User:ANONYMOUS',
    // MSK IAM: OAUTHBEARER only, tokens verified as MSK does by infra/kafka/msk-iam. The login module
    // also logs the broker itself in (unused here, no broker connects over it); with options present,
    // its unsecured login handler needs a subject.
    'listener.name.iam.sasl.enabled.mechanisms': 'OAUTHBEARER',
    'listener.name.iam.oauthbearer.sasl.jaas.config': `org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required region="${input.iam.region}" credentialsFiles="${input.iam.credentialsFiles.join(',')}" unsecuredLoginStringClaim_sub="broker";`,
    'listener.name.iam.oauthbearer.sasl.server.callback.handler.class':
      'dev.ske.mskiam.MskIamCallbackHandler',
    'listener.name.iam.connections.max.reauth.ms': input.reauthMs,
  };
  for (const listener of ['sasl_plaintext', 'sasl_ssl', 'counted']) {
    const prefix = `listener.name.${listener}`;
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
  return `${Object.entries(props)
    .map(([k, v]) => `${k}=${String(v).replaceAll('\\', '\\\\')}`)
    .join('\n')}\n`;
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
