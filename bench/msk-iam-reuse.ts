import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { StackInfo } from '../infra/stack/stack-info.ts';
import { type SignMskIamTokenOptions, signMskIamToken } from '../lib/auth/index.ts';
import { localContext } from '../lib/triggers/deadline.ts';
import { handleInvokeEvent } from '../lib/triggers/invoke/handler.ts';
import { type Figure, freshTopic } from './context.ts';
import { benchExporter } from './quiet-exporter.ts';

/**
 * `invocations` sequential invocations of one warm function over the `iam`
 * listener (AWS_MSK_IAM, the IAM user's key in the environment): tokens signed,
 * counted in the exporter and, independently, as distinct tokens the broker
 * accepted (its verifier logs each authentication).
 */
export async function mskIamReuse(info: StackInfo, invocations: number): Promise<Figure[]> {
  const topic = await freshTopic(info, 'iam', 3);
  const yaml = `bootstrap_server: ${info.bootstrap.iam}
topic: ${topic}
security_protocol: SASL_SSL
sasl_config:
  mechanism: AWS_MSK_IAM
  aws_region: ${info.iam.region}
ssl_config:
  cafile: ${info.tls.caCert}
`;
  let signings = 0;
  const sign = (options: SignMskIamTokenOptions) => {
    signings++;
    return signMskIamToken(options);
  };
  const log = join(info.logDir, 'kafka.log');
  const mark = statSync(log).size;
  const env = { AWS_ACCESS_KEY_ID: info.iam.accessKeyId, AWS_SECRET_ACCESS_KEY: info.iam.secretAccessKey };
  const { exporter } = benchExporter(info, yaml, { env, mskIam: { sign } });
  const started = performance.now();
  for (let i = 0; i < invocations; i++) {
    await handleInvokeEvent({ messages: [{ data: { i } }] }, localContext(10_000), {
      exporter,
      scheduledInput: async () => undefined,
    });
  }
  const ms = performance.now() - started;
  await exporter.close();
  const accepted = [
    ...readFileSync(log)
      .subarray(mark)
      .toString('utf8')
      .matchAll(/MSK IAM token accepted: principal \S+ signed at (\d+)/g),
  ];
  const row = (metric: string, value: number, target: string, met: boolean): Figure => ({
    benchmark: `Warm reuse, AWS_MSK_IAM (${invocations} invocations, ${Math.round((ms / invocations) * 10) / 10} ms each)`,
    metric,
    ours: value,
    baseline: 1,
    target,
    met,
  });
  return [
    row('MSK IAM tokens signed (one 900 s token covers the run)', signings, 'exactly 1', signings === 1),
    row(
      'distinct tokens the broker accepted, from its log',
      new Set(accepted.map((m) => m[1])).size,
      'exactly 1',
      new Set(accepted.map((m) => m[1])).size === 1,
    ),
    row(
      'authentications at the broker (bootstrap and leader connections)',
      accepted.length,
      '<= 3',
      accepted.length <= 3,
    ),
  ];
}
