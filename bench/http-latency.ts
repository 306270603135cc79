import { randomUUID } from 'node:crypto';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { StackInfo } from '../infra/stack/stack-info.ts';
import { localContext } from '../lib/triggers/deadline.ts';
import { httpSettingsOf } from '../lib/triggers/http/create.ts';
import { handleHttpEvent } from '../lib/triggers/http/handler.ts';
import { type Figure, freshTopic, plainKafka } from './context.ts';
import { benchExporter } from './quiet-exporter.ts';
import { percentile, round } from './stats.ts';

function httpApiEvent(apiKey: string, body: string) {
  return {
    version: '2.0',
    routeKey: 'POST /events',
    rawPath: '/events',
    rawQueryString: '',
    headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
    requestContext: {
      accountId: 'bench',
      apiId: 'bench',
      domainName: 'bench.execute-api.eu-west-1.amazonaws.com',
      domainPrefix: 'bench',
      http: {
        method: 'POST',
        path: '/events',
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'bench',
      },
      requestId: 'r',
      routeKey: 'POST /events',
      stage: '$default',
      time: '',
      timeEpoch: 0,
    },
    body,
    isBase64Encoded: false,
  };
}

/** The share of samples over 0.5 ms, where this machine's latency cliff starts (GC scavenges, broker pauses). */
function share(samples: readonly number[]): string {
  return `${((100 * samples.filter((ms) => ms > 0.5).length) / samples.length).toFixed(1)}%`;
}

/** Warm single-message requests: HTTP handler (auth, decode, export) vs a raw KafkaJS send, interleaved. */
export async function httpLatency(
  info: StackInfo,
  rounds: number,
  requestsPerRound: number,
): Promise<Figure[]> {
  const topic = await freshTopic(info, 'http', 3);
  const secretId = `bench/http/${randomUUID()}`;
  const apiKey = randomUUID();
  const sm = new SecretsManagerClient({
    endpoint: info.aws.endpoint,
    region: info.aws.region,
    credentials: { accessKeyId: info.aws.accessKeyId, secretAccessKey: info.aws.secretAccessKey },
  });
  await sm.send(
    new CreateSecretCommand({ Name: secretId, SecretString: JSON.stringify({ api_key: apiKey }) }),
  );
  const yaml = `bootstrap_server: ${info.bootstrap.plaintext}\ntopic: ${topic}\nhttp:\n  auth: api_key\n  secret: "{{ aws_secret('${secretId}', 'api_key') }}"\n`;
  const { exporter, logger } = benchExporter(info, yaml);
  const settings = httpSettingsOf(exporter);
  const raw = plainKafka(info).producer();
  await raw.connect();
  const body = JSON.stringify({
    data: { sensor: 'bench', value: 42.5, unit: 'C' },
    metadata: { key: 'sensor-1' },
  });
  const ours: number[] = [];
  const base: number[] = [];
  const viaHandler = async (record: boolean) => {
    // Lambda hands the function a parsed event and a context: they are its input, made before the clock starts.
    const event = httpApiEvent(apiKey, body);
    const context = localContext(10_000);
    const t = performance.now();
    const reply = (await handleHttpEvent(event, context, {
      exporter,
      logger,
      settings,
    })) as { statusCode: number };
    if (reply.statusCode !== 200) throw new Error(`HTTP handler answered ${reply.statusCode}`);
    if (record) ours.push(performance.now() - t);
  };
  const viaKafkaJs = async (i: number, record: boolean) => {
    const t = performance.now();
    await raw.send({
      topic,
      acks: -1,
      messages: [{ key: 'sensor-1', value: JSON.stringify({ sensor: 'bench', value: 42.5 + i, unit: 'C' }) }],
    });
    if (record) base.push(performance.now() - t);
  };
  // A B, then B A: neither side always runs first.
  const one = async (i: number, record: boolean) => {
    if (i % 2 === 0) {
      await viaHandler(record);
      await viaKafkaJs(i, record);
    } else {
      await viaKafkaJs(i, record);
      await viaHandler(record);
    }
  };
  // Warm-up: connections, secret and config, and enough calls for V8 to optimize both paths (a warm container in steady state).
  for (let i = 0; i < 1000; i++) await one(i, false);
  for (let i = 0; i < rounds * requestsPerRound; i++) await one(i, true);
  await raw.disconnect();
  await exporter.close();
  const p50 = { ours: percentile(ours, 50), raw: percentile(base, 50) };
  return [
    {
      benchmark: `HTTP latency (warm, 1 message, ${ours.length} requests each, interleaved)`,
      metric: 'p50 ms, ours vs raw KafkaJS send',
      ours: round(p50.ours),
      baseline: round(p50.raw),
      ratio: round(p50.ours / p50.raw),
      target: '<= 1.3',
      met: p50.ours / p50.raw <= 1.3,
    },
    ...[95, 99].map((q) => {
      const tail = { ours: percentile(ours, q), raw: percentile(base, q) };
      return {
        benchmark: 'HTTP latency',
        metric: `p${q} ms, ours vs raw KafkaJS send`,
        ours: round(tail.ours),
        baseline: round(tail.raw),
        ratio: round(tail.ours / tail.raw),
        ...(q === 99 ? { note: `requests over 0.5 ms: ours ${share(ours)}, raw ${share(base)}` } : {}),
      };
    }),
  ];
}
