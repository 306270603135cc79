import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { formatIssue, validateConfig } from '../../../lib/config/index.ts';

const BASE = 'bootstrap_server: localhost:9092\ntopic: events\n';
const lines = (yaml: string) => validateConfig(yaml, 'exporter.yaml');

describe('validateConfig', () => {
  it('lists every error, not just the first, in the order of the file', () => {
    const yaml = 'bootstrap_server: localhost\ntopic: events\nbatch_size: lots\ncompresion: gzip\n';
    expect(lines(yaml).errors.map(formatIssue)).toEqual([
      'bootstrap_server: expected host:port; got "localhost"',
      'batch_size: expected an integer; got "lots"',
      'compresion: unknown key (did you mean "compression"?)',
    ]);
  });

  it('gives YAML syntax errors with file, line and column', () => {
    expect(lines('topic: events\nbootstrap_server: [a:1\n').errors.map(formatIssue)).toEqual([
      'exporter.yaml:3:1: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
  });

  it('reports a duplicated key as a syntax error', () => {
    expect(lines(`${BASE}topic: other\n`).errors.map(formatIssue)).toEqual([
      'exporter.yaml:3:1: Map keys must be unique',
    ]);
  });

  it('rejects an empty file', () => {
    expect(lines('# nothing yet\n').errors.map(formatIssue)).toEqual([
      'exporter.yaml: expected a mapping of exporter settings; got an empty document',
    ]);
  });

  it('rejects a top level that is not a mapping', () => {
    expect(validateConfig('- topic: events\n').errors.map(formatIssue)).toEqual([
      '(root): expected a mapping of exporter settings; got a list',
    ]);
  });

  it('rejects a merge key that merges nothing', () => {
    expect(lines('bootstrap_server:\n  <<: null\n').errors.map(formatIssue)).toEqual([
      'exporter.yaml: invalid YAML: Merge sources must be maps or map aliases',
    ]);
  });

  it('stops an alias bomb', () => {
    const yaml = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...'bcd'.split('').map((k, i) => `${k}: &${k} [${Array(10).fill(`*${'abc'[i]}`).join(', ')}]`),
    ].join('\n');
    expect(lines(yaml).errors.map(formatIssue)).toEqual([
      'exporter.yaml: invalid YAML: Excessive alias count indicates a resource exhaustion attack',
    ]);
  });

  it('refuses __proto__ as a key', () => {
    expect(lines(`${BASE}headers:\n  __proto__: 1\n`).errors.map(formatIssue)).toEqual([
      'headers.__proto__: unknown key',
    ]);
  });

  it('returns the config as written when it is valid', () => {
    expect(lines(`${BASE}batch_size: 0\n`)).toEqual({
      config: { bootstrap_server: 'localhost:9092', topic: 'events', batch_size: 0 },
      errors: [],
      warnings: [],
    });
  });

  it('treats an empty value as not set, as Mage does', () => {
    expect(lines(`${BASE}ssl_config:\napi_version:\n`)).toEqual({
      config: { bootstrap_server: 'localhost:9092', topic: 'events' },
      errors: [],
      warnings: [],
    });
  });

  it('reads YAML 1.1 booleans as PyYAML does', () => {
    const result = lines(`${BASE}security_protocol: SSL\nssl_config:\n  check_hostname: no\n`);
    expect(result.errors).toEqual([]);
    expect(result.config?.ssl_config).toEqual({ check_hostname: false });
  });

  it('accepts templates in place of any scalar without contacting anything', () => {
    const yaml = [
      `bootstrap_server: "{{ env_var('BROKERS') }}"`,
      `topic: "{{ env_var('TOPIC') }}"`,
      `batch_size: "{{ env_var('BATCH') }}"`,
      `idempotent: "{{ env_var('IDEMPOTENT') }}"`,
      `security_protocol: "{{ env_var('PROTOCOL') }}"`,
      'sasl_config:',
      `  mechanism: "{{ env_var('MECHANISM') }}"`,
      `  password: "{{ aws_secret('kafka', 'password') }}"`,
      '',
    ].join('\n');
    const result = lines(yaml);
    expect(result.errors).toEqual([]);
    expect(result.config?.batch_size).toBe("{{ env_var('BATCH') }}");
  });

  it('still checks the keys that are not templated', () => {
    const yaml = `bootstrap_server: "{{ env_var('B') }}"\ntopic: events\nbatch_size: many\n`;
    expect(lines(yaml).errors.map(formatIssue)).toEqual(['batch_size: expected an integer; got "many"']);
  });

  it('skips a cross-field rule whose input is still a template', () => {
    const yaml = `${BASE}security_protocol: "{{ env_var('P') }}"\nsasl_config:\n  username: u\n  password: p\n`;
    expect(lines(yaml).errors).toEqual([]);
  });
});

describe('validateConfig warnings', () => {
  const SASL = (mechanism: string) =>
    mechanism === 'OAUTHBEARER'
      ? 'sasl_config:\n  mechanism: OAUTHBEARER\n  oauth_token_url: https://idp/token\n  oauth_client_id: c\n  oauth_client_secret: s\n'
      : `sasl_config:\n  mechanism: ${mechanism}\n  username: u\n  password: p\n`;

  it.each([
    [
      'PLAIN over SASL_PLAINTEXT',
      `security_protocol: SASL_PLAINTEXT\n${SASL('PLAIN')}`,
      ['sasl_config.mechanism: PLAIN over SASL_PLAINTEXT sends the password unencrypted; use SASL_SSL'],
    ],
    [
      'OAUTHBEARER over SASL_PLAINTEXT',
      `security_protocol: SASL_PLAINTEXT\n${SASL('OAUTHBEARER')}`,
      [
        'sasl_config.mechanism: OAUTHBEARER over SASL_PLAINTEXT sends the access token unencrypted; use SASL_SSL',
      ],
    ],
    [
      'SCRAM over SASL_PLAINTEXT (the password never travels)',
      `security_protocol: SASL_PLAINTEXT\n${SASL('SCRAM-SHA-256')}`,
      [],
    ],
    [
      'ssl_config under PLAINTEXT',
      'ssl_config:\n  cafile: ca.pem\n',
      ['ssl_config: ignored because security_protocol is PLAINTEXT; use SSL or SASL_SSL for TLS'],
    ],
    [
      'ssl_config under SASL_PLAINTEXT',
      `security_protocol: SASL_PLAINTEXT\n${SASL('SCRAM-SHA-512')}ssl_config:\n  cafile: ca.pem\n`,
      ['ssl_config: ignored because security_protocol is SASL_PLAINTEXT; use SSL or SASL_SSL for TLS'],
    ],
    [
      'a username with OAUTHBEARER',
      `security_protocol: SASL_SSL\n${SASL('OAUTHBEARER')}  username: u\n`,
      ['sasl_config.username: ignored with OAUTHBEARER mechanism'],
    ],
    [
      'a key passphrase without a keyfile',
      'security_protocol: SSL\nssl_config:\n  password: p\n',
      ['ssl_config.password: ignored without keyfile (it is the passphrase of the keyfile)'],
    ],
  ])('warns about %s without failing', (_, extra, expected) => {
    const result = lines(`${BASE}${extra}`);
    expect(result.errors).toEqual([]);
    expect(result.config).toBeDefined();
    expect(result.warnings.map(formatIssue)).toEqual(expected);
  });
});

describe('validateConfig messages', () => {
  const ZOD_TEXTS =
    /Invalid input|Invalid option|Invalid string|Invalid element|Invalid key|Too small|Too big|Unrecognized key/;
  const KEYS = [
    'bootstrap_server',
    'topic',
    'batch_size',
    'security_protocol',
    'ssl_config',
    'sasl_config',
    'acks',
    'headers',
    'oops',
  ];

  it("never shows zod's own texts, and says what was found for every expectation", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...KEYS), fc.jsonValue({ maxDepth: 2 })), (doc) => {
        for (const issue of validateConfig(stringify(doc)).errors) {
          expect(issue.message).not.toMatch(ZOD_TEXTS);
          if (issue.message.startsWith('expected ')) expect(issue.message).toContain('; got ');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never throws, whatever the text', () => {
    const pieces = [
      'a',
      ':',
      ' ',
      '\n',
      '-',
      '{',
      '}',
      '[',
      ']',
      '&x',
      '*x',
      '<<',
      'topic',
      '"',
      '!!',
      '?',
      ',',
      '#',
      '|',
    ];
    const texts = fc.oneof(
      fc.string({ unit: 'binary-ascii', maxLength: 80 }),
      fc.array(fc.constantFrom(...pieces), { maxLength: 40 }).map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(texts, (text) => {
        expect(validateConfig(text).errors).toBeInstanceOf(Array);
      }),
      { numRuns: 500 },
    );
  });
});
