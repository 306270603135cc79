import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createExporter } from '../../lib/exporter/index.ts';
import { createLogger } from '../../lib/observability/index.ts';
import { createSecretCache } from '../../lib/secrets/index.ts';
import { httpSettingsOf } from '../../lib/triggers/http/create.ts';
import { handleHttpEvent } from '../../lib/triggers/http/handler.ts';
import { handleSqsEvent } from '../../lib/triggers/sqs/handler.ts';
import { loadEvent } from '../events/load.ts';
import { putSecret, secretsClient } from '../helpers/aws.ts';
import { createTopics, uniqueTopic } from '../helpers/kafka.ts';
import { stack } from '../helpers/stack.ts';
import { context } from '../helpers/triggers.ts';

describe('secrets never leave the process', () => {
  it('a full run with known secrets (passwords, client secret, tokens, key, passphrase) never prints one', async () => {
    const s = stack();
    const [topic] = await createTopics([uniqueTopic('leak')]);
    const secretId = `ske/leak/${randomUUID()}`;
    const apiKey = `api-${randomUUID()}`;
    const keyPem = readFileSync(s.tls.clientKey, 'utf8');
    await putSecret(secretId, {
      password: s.users.ske,
      client_secret: s.oauth.clientSecret,
      api_key: apiKey,
      passphrase: s.tls.clientKeyPassphrase,
      key: keyPem,
    });
    const ref = (k: string) => `"{{ aws_secret('${secretId}', '${k}') }}"`;
    const output: string[] = [];
    const tokens: string[] = [];
    // Record every access token the OAuth server hands out, to look for them afterwards.
    const recordingFetch: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      const body = await res.clone().text();
      const token = /"access_token":"([^"]+)"/.exec(body)?.[1];
      if (token) tokens.push(token);
      return res;
    };
    const run = async (yaml: string, work: (deps: ReturnType<typeof depsFor>) => Promise<unknown>) => {
      const deps = depsFor(yaml);
      try {
        output.push(JSON.stringify(await work(deps)));
      } catch (err) {
        output.push(`${(err as Error).name}: ${(err as Error).message}`);
      } finally {
        await deps.exporter.close();
      }
    };
    function depsFor(yaml: string) {
      const write = (line: string) => output.push(line);
      const logger = createLogger({ level: 'debug', write });
      const exporter = createExporter({
        env: { SKE_CONFIG: yaml },
        secrets: createSecretCache({ client: secretsClient() }),
        logger,
        write,
        fetch: recordingFetch,
      });
      return { exporter, logger, settings: httpSettingsOf(exporter) };
    }

    const scram = (
      password: string,
    ) => `bootstrap_server: ${s.bootstrap.saslSsl}\ntopic: ${topic}\nsecurity_protocol: SASL_SSL
sasl_config: { mechanism: SCRAM-SHA-512, username: ske, password: ${password} }
ssl_config: { cafile: ${s.tls.caCert} }
http: { auth: api_key, secret: ${ref('api_key')} }
`;
    // Working SCRAM with the password from Secrets Manager, through SQS and HTTP (right and wrong key).
    await run(scram(ref('password')), (d) => handleSqsEvent(loadEvent('sqs/standard'), context(), d));
    const httpEvent = (key: string) => {
      const e = loadEvent<{ headers: Record<string, string>; multiValueHeaders?: unknown }>('apigw/rest-v1');
      e.headers['X-Api-Key'] = key;
      delete e.multiValueHeaders;
      return e;
    };
    await run(scram(ref('password')), (d) => handleHttpEvent(httpEvent(apiKey), context(), d));
    await run(scram(ref('password')), (d) => handleHttpEvent(httpEvent(`${apiKey}x`), context(), d));
    // A rejected password (the broker's error path), and a secret used where a number is expected.
    await run(scram(`"${s.users.ske}-wrong"`), (d) =>
      handleSqsEvent(loadEvent('sqs/standard'), context(), d),
    );
    await run(`${scram(ref('password'))}batch_size: ${ref('password')}\n`, (d) =>
      d.exporter.export([{ message: 1 }], { deadline: Date.now() + 10_000 }),
    );
    // OAUTHBEARER with the client secret from Secrets Manager.
    await run(
      `bootstrap_server: ${s.bootstrap.saslSsl}\ntopic: ${topic}\nsecurity_protocol: SASL_SSL
sasl_config: { mechanism: OAUTHBEARER, oauth_token_url: ${s.oauth.tokenUrl}, oauth_client_id: ${s.oauth.clientId}, oauth_client_secret: ${ref('client_secret')} }
ssl_config: { cafile: ${s.tls.caCert} }
`,
      (d) => d.exporter.export([{ message: 'oauth' }], { deadline: Date.now() + 10_000 }),
    );
    // mTLS with the private key and its passphrase from Secrets Manager, then with a wrong passphrase.
    const mtls = (
      passphrase: string,
    ) => `bootstrap_server: ${s.bootstrap.ssl}\ntopic: ${topic}\nsecurity_protocol: SSL
ssl_config: { cafile: ${s.tls.caCert}, certfile: ${s.tls.clientCert}, keyfile: ${ref('key')}, password: ${passphrase} }
`;
    await run(mtls(ref('passphrase')), (d) =>
      d.exporter.export([{ message: 'mtls' }], { deadline: Date.now() + 10_000 }),
    );
    await run(mtls(`"${s.tls.clientKeyPassphrase}-wrong"`), (d) =>
      d.exporter.export([{ message: 'x' }], { deadline: Date.now() + 10_000 }),
    );

    const all = output.join('\n');
    if (process.env.SHOW_LEAK_OUTPUT) console.log(all);
    expect(tokens.length).toBeGreaterThan(0);
    expect(all).toContain('"delivered":'); // the runs did happen
    const keyBody = keyPem.split('\n').slice(1, -2).join('');
    for (const [name, secret] of [
      ['SCRAM password', s.users.ske],
      ['OAuth client secret', s.oauth.clientSecret],
      ['HTTP API key', apiKey],
      ['key passphrase', s.tls.clientKeyPassphrase],
      ['private key', keyBody.slice(0, 64)],
      ...tokens.map((t) => ['access token', t] as const),
    ] as const) {
      expect(all.includes(secret), `${name} appears in the output`).toBe(false);
    }
  }, 120_000);
});
