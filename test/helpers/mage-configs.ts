import { randomUUID } from 'node:crypto';
import { putSecret } from './aws.ts';
import { stack } from './stack.ts';

/**
 * The four configs of Mage's Kafka exporter documentation, as written there,
 * pointed at the local stack. Credentials live in Secrets Manager (the
 * emulator) and are referenced with {{ aws_secret(...) }}.
 */
export async function mageConfigs(topic: string) {
  const s = stack();
  const secret = `ske/test/${randomUUID()}`;
  await putSecret(secret, {
    username: 'ske',
    password: s.users.ske,
    key_password: s.tls.clientKeyPassphrase,
    client_secret: s.oauth.clientSecret,
  });
  const ref = (key: string) => `"{{ aws_secret('${secret}', '${key}') }}"`;
  const sasl = (mechanism: string) => `security_protocol: "SASL_SSL"
sasl_config:
  mechanism: "${mechanism}"
  username: ${ref('username')}
  password: ${ref('password')}
ssl_config:
  cafile: "${s.tls.caCert}"
`;
  return {
    basic: `connector_type: kafka
bootstrap_server: "${s.bootstrap.plaintext}"
topic: ${topic}
api_version: "0.10.2"
batch_size: 100
timeout_ms: 500
`,
    ssl: `connector_type: kafka
bootstrap_server: "${s.bootstrap.ssl}"
topic: ${topic}
security_protocol: "SSL"
ssl_config:
  cafile: "${s.tls.caCert}"
  certfile: "${s.tls.clientCert}"
  keyfile: "${s.tls.clientKey}"
  password: ${ref('key_password')}
  check_hostname: true
`,
    plain: `connector_type: kafka\nbootstrap_server: "${s.bootstrap.saslSsl}"\ntopic: ${topic}\n${sasl('PLAIN')}`,
    scram256: `connector_type: kafka\nbootstrap_server: "${s.bootstrap.saslSsl}"\ntopic: ${topic}\n${sasl('SCRAM-SHA-256')}`,
    scram512: `connector_type: kafka\nbootstrap_server: "${s.bootstrap.saslSsl}"\ntopic: ${topic}\n${sasl('SCRAM-SHA-512')}`,
    oauthbearer: oauthConfig(topic, s.bootstrap.saslSsl, ref('client_secret')),
    secret,
  };
}

/** Mage's OAUTHBEARER example pointed at the local OAuth server. */
export function oauthConfig(topic: string, bootstrap: string, clientSecret: string): string {
  const s = stack();
  return `connector_type: kafka
bootstrap_server: "${bootstrap}"
topic: ${topic}
security_protocol: "SASL_SSL"
sasl_config:
  mechanism: "OAUTHBEARER"
  oauth_token_url: "${s.oauth.tokenUrl}"
  oauth_client_id: "${s.oauth.clientId}"
  oauth_client_secret: ${clientSecret}
  oauth_scope: "kafka"
ssl_config:
  cafile: "${s.tls.caCert}"
  check_hostname: true
`;
}
