import { randomUUID } from 'node:crypto';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { StackInfo } from '../infra/stack/stack-info.ts';
import { localContext } from '../lib/triggers/deadline.ts';
import { handleInvokeEvent } from '../lib/triggers/invoke/handler.ts';
import { type Figure, freshTopic } from './context.ts';
import { benchExporter } from './quiet-exporter.ts';

const json = async (url: string) => (await fetch(url)).json() as Promise<Record<string, number>>;

/**
 * `invocations` sequential invocations of one warm function over SASL_SSL
 * OAUTHBEARER (client secret in Secrets Manager), counted by the servers:
 * connections at the proxy in front of the broker, GetSecretValue at the AWS
 * emulator, token requests at the OAuth server.
 */
export async function warmReuse(info: StackInfo, invocations: number): Promise<Figure[]> {
  const topic = await freshTopic(info, 'warm', 3);
  const secretId = `bench/oauth/${randomUUID()}`;
  const sm = new SecretsManagerClient({
    endpoint: info.aws.endpoint,
    region: info.aws.region,
    credentials: { accessKeyId: info.aws.accessKeyId, secretAccessKey: info.aws.secretAccessKey },
  });
  await sm.send(
    new CreateSecretCommand({
      Name: secretId,
      SecretString: JSON.stringify({ client_secret: info.oauth.clientSecret }),
    }),
  );
  const yaml = `bootstrap_server: ${info.bootstrap.counted}
topic: ${topic}
security_protocol: SASL_SSL
sasl_config:
  mechanism: OAUTHBEARER
  oauth_token_url: ${info.oauth.tokenUrl}
  oauth_client_id: ${info.oauth.clientId}
  oauth_client_secret: "{{ aws_secret('${secretId}', 'client_secret') }}"
ssl_config:
  cafile: ${info.tls.caCert}
`;
  const counts = async () => ({
    proxy: (await json(`${info.countingProxy}/_stats`)).connections!,
    secrets: (await json(`${info.aws.endpoint}/_counts`))['secretsmanager.GetSecretValue'] ?? 0,
    tokens: (await json(`${info.oauth.url}/_stats`)).tokenRequests!,
  });
  const before = await counts();
  const { exporter } = benchExporter(info, yaml);
  const started = performance.now();
  for (let i = 0; i < invocations; i++) {
    await handleInvokeEvent({ messages: [{ data: { i } }] }, localContext(10_000), {
      exporter,
      scheduledInput: async () => undefined,
    });
  }
  const ms = performance.now() - started;
  const after = await counts();
  await exporter.close();
  const row = (metric: string, value: number): Figure => ({
    benchmark: `Warm reuse (${invocations} invocations, ${Math.round((ms / invocations) * 10) / 10} ms each)`,
    metric,
    ours: value,
    baseline: 1,
    target: 'exactly 1',
    met: value === 1,
  });
  return [
    row('broker connections (1 broker), counted at the proxy', after.proxy - before.proxy),
    row('Secrets Manager GetSecretValue calls, counted at the emulator', after.secrets - before.secrets),
    row('OAuth token requests, counted at the OAuth server', after.tokens - before.tokens),
  ];
}
