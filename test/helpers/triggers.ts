import { randomUUID } from 'node:crypto';
import { createLogger, type Logger } from '../../lib/observability/index.ts';
import { localContext } from '../../lib/triggers/deadline.ts';
import { httpSettingsOf } from '../../lib/triggers/http/create.ts';
import { s3SettingsOf } from '../../lib/triggers/s3/create.ts';
import { putSecret, s3Client } from './aws.ts';
import { type TestExporter, testExporter } from './exporter.ts';
import { stack } from './stack.ts';

/** The API key the HTTP fixtures carry (test/events/apigw/rest-v1.json and others). */
export const FIXTURE_API_KEY = 'k3yF0rBeesEXAMPLEvalue0123456789abcdef';

export interface TriggerHarness extends TestExporter {
  logger: Logger;
  s3: () => ReturnType<typeof s3Client>;
  settings: () => Promise<{
    batchSize: number;
    deterministicKeys: boolean;
    maxRecordBytes: number;
    http: Awaited<ReturnType<TestExporter['exporter']['config']>>['http'];
    topic: string;
  }>;
}

/**
 * Handler dependencies as the triggers' create functions build them, but configured for the
 * local stack: plain listener (of `bootstrap`, default broker 1), `topic`, HTTP api_key auth with the fixtures'
 * key stored in Secrets Manager, and `extra` YAML appended.
 */
export async function triggerHarness(
  topic: string,
  extra = '',
  bootstrap = stack().bootstrap.plaintext,
): Promise<TriggerHarness> {
  const secret = `ske/http/${randomUUID()}`;
  await putSecret(secret, { api_key: FIXTURE_API_KEY });
  const yaml = `bootstrap_server: ${bootstrap}
topic: ${topic}
http:
  auth: api_key
  secret: "{{ aws_secret('${secret}', 'api_key') }}"
${extra}`;
  const t = testExporter(yaml);
  const logger = createLogger({ write: (line) => t.lines.push(line) });
  const s3Settings = s3SettingsOf(t.exporter);
  const httpSettings = httpSettingsOf(t.exporter);
  const settings = async () => ({ ...(await s3Settings()), ...(await httpSettings()) });
  const client = s3Client();
  return { ...t, logger, s3: () => client, settings };
}

export const context = (ms = 20_000) => localContext(ms);
