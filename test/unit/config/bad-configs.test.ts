import { describe, expect, it } from 'vitest';
import { formatIssue, validateConfig } from '../../../lib/config/index.ts';

const BASE = 'bootstrap_server: localhost:9092\ntopic: events\n';
const TOPIC =
  'expected a Kafka topic name (1-249 characters of a-z, A-Z, 0-9, ".", "_", "-"; not "." or "..")';
const SASL_SSL = 'security_protocol: SASL_SSL\n';

/** [what is wrong, the YAML, every error it must produce, exactly]. */
const CASES: [string, string, string[]][] = [
  [
    'a connector other than kafka',
    `connector_type: s3\n${BASE}`,
    ['connector_type: expected "kafka"; got "s3"'],
  ],
  [
    'a broker without a port',
    'bootstrap_server: localhost\ntopic: events\n',
    ['bootstrap_server: expected host:port; got "localhost"'],
  ],
  [
    'one bad entry in a comma-separated broker list',
    'bootstrap_server: "a:9092, b"\ntopic: events\n',
    ['bootstrap_server: expected host:port; got "b"'],
  ],
  [
    'a port out of range',
    'bootstrap_server: localhost:70000\ntopic: events\n',
    ['bootstrap_server: expected a port from 1 to 65535; got "localhost:70000"'],
  ],
  [
    'a number in a YAML broker list',
    'bootstrap_server:\n  - a:9092\n  - 9092\ntopic: events\n',
    ['bootstrap_server[1]: expected host:port; got 9092'],
  ],
  [
    'an empty broker list',
    'bootstrap_server: []\ntopic: events\n',
    ['bootstrap_server: expected at least one host:port; got an empty list'],
  ],
  [
    'no bootstrap_server',
    'topic: events\n',
    ['bootstrap_server: expected host:port or a list of host:port; got nothing'],
  ],
  ['no topic', 'bootstrap_server: localhost:9092\n', [`topic: ${TOPIC}; got nothing`]],
  ['a topic with a space', 'bootstrap_server: a:1\ntopic: my topic\n', [`topic: ${TOPIC}; got "my topic"`]],
  ['the topic ".."', 'bootstrap_server: a:1\ntopic: ".."\n', [`topic: ${TOPIC}; got ".."`]],
  [
    'a topic of 250 characters',
    `bootstrap_server: a:1\ntopic: ${'t'.repeat(250)}\n`,
    [`topic: ${TOPIC}; got "${'t'.repeat(60)}"... (250 characters)`],
  ],
  [
    'an api_version that is not a version',
    `${BASE}api_version: latest\n`,
    ['api_version: expected a dotted version such as "0.10.2" or "3.9"; got "latest"'],
  ],
  ['a batch_size in words', `${BASE}batch_size: ten\n`, ['batch_size: expected an integer; got "ten"']],
  ['a fractional batch_size', `${BASE}batch_size: 1.5\n`, ['batch_size: expected an integer; got 1.5']],
  ['a boolean timeout_ms', `${BASE}timeout_ms: true\n`, ['timeout_ms: expected an integer; got true']],
  [
    'an unknown security_protocol',
    `${BASE}security_protocol: TLS\n`,
    ['security_protocol: expected one of PLAINTEXT, SSL, SASL_SSL, SASL_PLAINTEXT; got "TLS"'],
  ],
  [
    'a misspelt mechanism',
    `${BASE}${SASL_SSL}sasl_config:\n  mechanism: PLAN\n  username: u\n  password: p\n`,
    ['sasl_config.mechanism: expected one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER; got "PLAN"'],
  ],
  [
    'SASL_SSL without sasl_config',
    `${BASE}${SASL_SSL}`,
    ['sasl_config: expected a mapping (required when security_protocol is SASL_SSL); got nothing'],
  ],
  [
    'PLAIN (the default mechanism) without credentials',
    `${BASE}security_protocol: SASL_PLAINTEXT\nsasl_config:\n  username: ""\n`,
    [
      'sasl_config.username: username is required when using PLAIN mechanism',
      'sasl_config.password: password is required when using PLAIN mechanism',
    ],
  ],
  [
    'SCRAM-SHA-512 without a password',
    `${BASE}${SASL_SSL}sasl_config:\n  mechanism: SCRAM-SHA-512\n  username: u\n`,
    ['sasl_config.password: password is required when using SCRAM-SHA-512 mechanism'],
  ],
  [
    'OAUTHBEARER without any of its three settings',
    `${BASE}${SASL_SSL}sasl_config:\n  mechanism: OAUTHBEARER\n`,
    [
      'sasl_config.oauth_token_url: oauth_token_url is required when using OAUTHBEARER mechanism',
      'sasl_config.oauth_client_id: oauth_client_id is required when using OAUTHBEARER mechanism',
      'sasl_config.oauth_client_secret: oauth_client_secret is required when using OAUTHBEARER mechanism',
    ],
  ],
  [
    'OAUTHBEARER without a client id',
    `${BASE}${SASL_SSL}sasl_config:\n  mechanism: OAUTHBEARER\n  oauth_token_url: https://idp/token\n  oauth_client_secret: s\n`,
    ['sasl_config.oauth_client_id: oauth_client_id is required when using OAUTHBEARER mechanism'],
  ],
  [
    'a token URL that is not http(s)',
    `${BASE}${SASL_SSL}sasl_config:\n  mechanism: OAUTHBEARER\n  oauth_token_url: ftp://idp/token\n  oauth_client_id: c\n  oauth_client_secret: s\n`,
    ['sasl_config.oauth_token_url: expected an http(s) URL; got "ftp://idp/token"'],
  ],
  [
    'sasl_config under SSL',
    `${BASE}security_protocol: SSL\nsasl_config:\n  username: u\n  password: p\n`,
    ['sasl_config: is used only with SASL; set security_protocol to SASL_SSL or SASL_PLAINTEXT (it is SSL)'],
  ],
  [
    'sasl_config with no security_protocol',
    `${BASE}sasl_config:\n  username: u\n  password: p\n`,
    [
      'sasl_config: is used only with SASL; set security_protocol to SASL_SSL or SASL_PLAINTEXT (it is PLAINTEXT, the default)',
    ],
  ],
  [
    'a certfile without its keyfile',
    `${BASE}security_protocol: SSL\nssl_config:\n  certfile: client.pem\n`,
    ['ssl_config.keyfile: keyfile is required when certfile is set'],
  ],
  [
    'a keyfile without its certfile',
    `${BASE}security_protocol: SSL\nssl_config:\n  keyfile: client.key\n`,
    ['ssl_config.certfile: certfile is required when keyfile is set'],
  ],
  [
    'check_hostname that is not a boolean',
    `${BASE}security_protocol: SSL\nssl_config:\n  check_hostname: maybe\n`,
    ['ssl_config.check_hostname: expected true or false; got "maybe"'],
  ],
  [
    'ssl_config given as a string',
    `${BASE}security_protocol: SSL\nssl_config: ca.pem\n`,
    ['ssl_config: expected a mapping; got "ca.pem"'],
  ],
  [
    'an empty cafile',
    `${BASE}security_protocol: SSL\nssl_config:\n  cafile: ""\n`,
    ['ssl_config.cafile: expected a file path or PEM text; got ""'],
  ],
  [
    'a misspelt ssl_config key',
    `${BASE}security_protocol: SSL\nssl_config:\n  ca_file: ca.pem\n`,
    ['ssl_config.ca_file: unknown key (did you mean "cafile"?)'],
  ],
  [
    "kafka-python's plural bootstrap_servers",
    'bootstrap_servers: a:9092\ntopic: events\n',
    [
      'bootstrap_servers: unknown key (did you mean "bootstrap_server"?)',
      'bootstrap_server: expected host:port or a list of host:port; got nothing',
    ],
  ],
  ['an unrelated unknown key', `${BASE}retries: 5\n`, ['retries: unknown key']],
  ['acks of 2', `${BASE}acks: 2\n`, ['acks: expected one of all, -1, 0, 1; got 2']],
  [
    "a codec that is not one of Kafka's",
    `${BASE}compression: brotli\n`,
    ['compression: expected one of none, gzip, snappy, lz4, zstd; got "brotli"'],
  ],
  ['an empty client_id', `${BASE}client_id: ""\n`, ['client_id: expected a non-empty string; got ""']],
  [
    'idempotent with acks 1',
    `${BASE}idempotent: true\nacks: 1\n`,
    ['idempotent: requires acks: all (an idempotent producer waits for every replica); got acks 1'],
  ],
  [
    'headers as a list',
    `${BASE}headers:\n  - source\n`,
    ['headers: expected a mapping of header names to strings; got a list'],
  ],
  [
    'a header value that is a number',
    `${BASE}headers:\n  version: 42\n`,
    ['headers.version: expected a string; got 42'],
  ],
  [
    'a dead letter topic that is the default topic',
    `${BASE}dead_letter_topic: events\n`,
    ['dead_letter_topic: expected a topic other than the default topic; got "events"'],
  ],
  [
    'a dead letter topic with a slash',
    `${BASE}dead_letter_topic: events/dlq\n`,
    [`dead_letter_topic: ${TOPIC}; got "events/dlq"`],
  ],
  [
    'a negative OAuth refresh margin',
    `${BASE}${SASL_SSL}sasl_config:\n  mechanism: OAUTHBEARER\n  oauth_token_url: https://idp/t\n  oauth_client_id: c\n  oauth_client_secret: s\n  oauth_refresh_margin_seconds: -1\n`,
    ['sasl_config.oauth_refresh_margin_seconds: expected a number of seconds, 0 or more; got -1'],
  ],
  [
    'an OAuth timeout of 0',
    `${BASE}${SASL_SSL}sasl_config:\n  mechanism: OAUTHBEARER\n  oauth_token_url: https://idp/t\n  oauth_client_id: c\n  oauth_client_secret: s\n  oauth_timeout_ms: 0\n`,
    ['sasl_config.oauth_timeout_ms: expected a positive integer; got 0'],
  ],
  [
    'an unquoted number as a password (shown redacted)',
    `${BASE}${SASL_SSL}sasl_config:\n  username: u\n  password: 123456\n`,
    ['sasl_config.password: expected a string; got a number'],
  ],
  [
    'a template function that does not exist',
    `${BASE}client_id: "{{ lookup('x') }}"\n`,
    [
      `client_id: unsupported template "{{ lookup('x') }}"; expected env_var('NAME'), aws_secret('secret-id') or aws_secret('secret-id', 'json_key')`,
    ],
  ],
  [
    "Mage's own secret store",
    `${BASE}${SASL_SSL}sasl_config:\n  username: u\n  password: "{{ mage_secret_var('pw') }}"\n`,
    [
      `sasl_config.password: unsupported template "{{ mage_secret_var('pw') }}": Mage secrets live in Mage's database; store the value in AWS Secrets Manager and use aws_secret('secret-id')`,
    ],
  ],
  [
    'a template left open',
    `${BASE}client_id: "{{ env_var('X')"\n`,
    ['client_id: unclosed template: "{{" without "}}"'],
  ],
  [
    'a template where a mapping belongs',
    `${BASE}security_protocol: SSL\nssl_config: "{{ env_var('SSL') }}"\n`,
    [`ssl_config: expected a mapping; got "{{ env_var('SSL') }}"`],
  ],
  [
    'an unquoted template',
    `${BASE}client_id: {{ env_var('X') }}\n`,
    [
      `exporter.yaml:3:12: expected a quoted template such as "{{ env_var('NAME') }}"; got an unquoted {{ ... }}`,
    ],
  ],
];

describe('validateConfig on bad configs', () => {
  it('covers at least 25 distinct mistakes', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(25);
  });

  it.each(CASES)('reports %s with its path', (_, yaml, expected) => {
    const result = validateConfig(yaml, 'exporter.yaml');
    expect(result.errors.map(formatIssue)).toEqual(expected);
    expect(result.config).toBeUndefined();
  });
});
