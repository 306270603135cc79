import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../lib/observability/index.ts';
import { handleHttpEvent } from '../../lib/triggers/http/handler.ts';
import { loadEvent } from '../events/load.ts';
import { putSecret } from '../helpers/aws.ts';
import { testExporter } from '../helpers/exporter.ts';
import { uniqueTopic } from '../helpers/kafka.ts';
import { stack } from '../helpers/stack.ts';
import { context, FIXTURE_API_KEY } from '../helpers/triggers.ts';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** The HTTP function over `kafka` YAML (connection settings and topic), with the fixtures' API key. */
async function httpFunction(kafka: string) {
  const secret = `ske/http/${randomUUID()}`;
  await putSecret(secret, { api_key: `${FIXTURE_API_KEY}\n` });
  const yaml = `${kafka}http:\n  auth: api_key\n  secret: "{{ aws_secret('${secret}', 'api_key') }}"\n`;
  const { exporter } = testExporter(yaml);
  closers.push(() => exporter.close());
  const settings = async () => {
    const config = await exporter.config();
    return { http: config.http, topic: config.topic };
  };
  return async (body: unknown) => {
    const request = loadEvent<{ body: string; multiValueHeaders?: unknown }>('apigw/rest-v1');
    delete request.multiValueHeaders;
    request.body = JSON.stringify(body);
    const reply = (await handleHttpEvent(request, context(15_000), {
      exporter,
      logger: createLogger({ write: () => {} }),
      settings,
    })) as { statusCode: number; body: string };
    return { status: reply.statusCode, body: JSON.parse(reply.body) as Record<string, unknown> };
  };
}

describe('HTTP never answers 2xx when nothing was delivered', () => {
  it('a default topic that does not exist: 502 with the Kafka code, no internal text', async () => {
    const send = await httpFunction(
      `bootstrap_server: ${stack().bootstrap.plaintext}\ntopic: ${uniqueTopic('missing')}\n`,
    );
    const { status, body } = await send([{ data: 1 }, { data: 2 }]);
    expect(status).toBe(502);
    expect(body).toMatchObject({ code: 'UNKNOWN_TOPIC_OR_PARTITION', delivered: 0, failed: 2 });
    expect(JSON.stringify(body)).not.toMatch(/KafkaJS|stack|at /);
  });

  it('SASL credentials the broker refuses: 502 with the Kafka code', async () => {
    const s = stack();
    const kafka = `bootstrap_server: "${s.bootstrap.saslSsl}"
topic: ${uniqueTopic('refused')}
security_protocol: SASL_SSL
sasl_config:
  mechanism: SCRAM-SHA-256
  username: ske
  password: not-the-password
ssl_config:
  cafile: "${s.tls.caCert}"
`;
    const send = await httpFunction(kafka);
    const { status, body } = await send({ data: 1 });
    expect(status).toBe(502);
    expect(body).toMatchObject({ delivered: 0, failed: 1 });
    expect(String(body.code)).toMatch(/SASL|AUTH/);
    expect(JSON.stringify(body)).not.toContain('not-the-password');
  });

  it('an API key secret stored with a trailing newline still lets the right key in', async () => {
    const send = await httpFunction(
      `bootstrap_server: ${stack().bootstrap.plaintext}\ntopic: ${uniqueTopic('nl')}\n`,
    );
    // The topic does not exist: what matters here is getting past authentication (not 401/403).
    expect((await send({ data: 1 })).status).toBe(502);
  });
});
