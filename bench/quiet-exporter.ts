import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { StackInfo } from '../infra/stack/stack-info.ts';
import { createExporter, type Exporter, type ExporterDeps } from '../lib/exporter/index.ts';
import { createLogger, type Logger } from '../lib/observability/index.ts';
import { createSecretCache } from '../lib/secrets/index.ts';

/** An exporter as the functions build it, configured by YAML, with logs and metrics kept out of the figures' output. */
export function benchExporter(
  info: StackInfo,
  yaml: string,
  { env = {}, ...deps }: Pick<ExporterDeps, 'env' | 'mskIam'> = {},
): { exporter: Exporter; logger: Logger } {
  const logger = createLogger({ level: 'error', write: () => {} });
  const secrets = createSecretCache({
    client: new SecretsManagerClient({
      endpoint: info.aws.endpoint,
      region: info.aws.region,
      credentials: { accessKeyId: info.aws.accessKeyId, secretAccessKey: info.aws.secretAccessKey },
    }),
  });
  const exporter = createExporter({
    env: { ...env, SKE_CONFIG: yaml },
    logger,
    secrets,
    write: () => {},
    ...deps,
  });
  return { exporter, logger };
}
