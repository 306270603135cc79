/**
 * `npm run stack:up | stack:down | stack:status`: the local Kafka broker, OAuth
 * server and AWS API emulator. Ports from SKE_PORT_BASE, Kafka from
 * KAFKA_VERSION; logs in .stack/logs; details in .stack/stack.json.
 */
import { stackLayout } from './layout.ts';
import { down, status, up } from './stack.ts';
import type { StackInfo } from './stack-info.ts';

function print(info: StackInfo, seconds: number): void {
  const lines = [
    `Local stack is up (Kafka ${info.kafkaVersion}, ${seconds.toFixed(1)} s).`,
    '',
    'Kafka bootstrap per listener:',
    `  PLAINTEXT          ${info.bootstrap.plaintext}`,
    `  SSL (mTLS)         ${info.bootstrap.ssl}`,
    `  SASL_PLAINTEXT     ${info.bootstrap.saslPlaintext}   PLAIN, SCRAM-SHA-256/512, OAUTHBEARER`,
    `  SASL_SSL           ${info.bootstrap.saslSsl}   PLAIN, SCRAM-SHA-256/512, OAUTHBEARER`,
    `  SSL, wrong host    ${info.bootstrap.sslBadHost}   certificate names wrong-host.invalid`,
    `  SASL_SSL, counted  ${info.bootstrap.counted}   through a proxy that counts connections (${info.countingProxy}/_stats)`,
    `  SASL_SSL, iam      ${info.bootstrap.iam}   MSK IAM tokens (AWS_MSK_IAM), region ${info.iam.region}`,
    ...(info.brokers.length > 1
      ? [
          `Brokers:            ${info.brokers.length} (replication factor ${info.replication.factor}, min.insync.replicas ${info.replication.minInsyncReplicas})`,
          ...info.brokers.map(
            (b) =>
              `  broker ${b.nodeId}           PLAINTEXT ${b.plaintext}  SASL_SSL ${b.saslSsl}  counted ${b.counted}`,
          ),
        ]
      : []),
    `SASL users:          ske / ${info.users.ske}    rotator / ${info.users.rotator}`,
    `IAM user:            ${info.iam.accessKeyId} / ${info.iam.secretAccessKey}   (${info.iam.principal}); sessions: STS AssumeRole ${info.iam.roleArn}`,
    `TLS:                 CA ${info.tls.caCert}`,
    `                     client ${info.tls.clientCert} + ${info.tls.clientKey} (passphrase ${info.tls.clientKeyPassphrase})`,
    `OAuth token URL:     ${info.oauth.tokenUrl}   client ${info.oauth.clientId} / ${info.oauth.clientSecret}`,
    `OAuth JWKS:          ${info.oauth.jwksUrl}   (audience ${info.oauth.audience})`,
    `AWS API emulator:    ${info.aws.endpoint}   (Secrets Manager, S3, SQS, Kinesis, DynamoDB Streams; region ${info.aws.region})`,
    `Logs:                ${info.logDir}`,
  ];
  console.log(lines.join('\n'));
}

async function main(command: string | undefined): Promise<void> {
  const layout = stackLayout();
  const started = performance.now();
  switch (command) {
    case 'up': {
      const info = await up(layout);
      print(info, (performance.now() - started) / 1000);
      console.log(`Details: ${layout.stateDir}/stack.json`);
      return;
    }
    case 'down': {
      const stopped = await down(layout, { clean: process.argv.includes('--clean') });
      console.log(stopped.length ? `Stopped: ${stopped.join(', ')}` : 'Nothing was running.');
      return;
    }
    case 'status': {
      for (const [name, pid] of Object.entries(status(layout)))
        console.log(`${name.padEnd(10)} ${pid ?? 'stopped'}`);
      return;
    }
    default:
      console.error('usage: tsx infra/stack/cli.ts up | down [--clean] | status');
      process.exitCode = 2;
  }
}

main(process.argv[2]).catch((err: Error) => {
  console.error(`stack ${process.argv[2]}: ${err.message}`);
  process.exitCode = 1;
});
