import type { ResolvedAwsIam } from '../config/index.ts';
import { assumeRoleSource, type CredentialSource, defaultCredentialSource } from './msk-iam-credentials.ts';
import {
  createMskIamTokenCache,
  type MskIamTokenCache,
  type MskIamTokenCacheOptions,
} from './msk-iam-token-cache.ts';

/** What a test (or the CLI) may set instead of the production defaults. */
export interface MskIamDeps extends Partial<Omit<MskIamTokenCacheOptions, 'region' | 'credentials'>> {
  /** The function's own credentials. Default: the default AWS credential chain over `env`. */
  credentials?: CredentialSource;
}

/**
 * The token cache for an AWS_MSK_IAM config: the default credential chain,
 * or a role assumed with it when aws_role_arn is set.
 */
export function mskIamTokenCache(
  awsIam: ResolvedAwsIam,
  env: Record<string, string | undefined>,
  deps: MskIamDeps = {},
): MskIamTokenCache {
  const { credentials: own, ...cacheDeps } = deps;
  const base = own ?? defaultCredentialSource(env);
  const credentials = awsIam.roleArn
    ? assumeRoleSource({
        roleArn: awsIam.roleArn,
        sessionName: awsIam.roleSessionName ?? 'serverless-kafka-exporter',
        region: awsIam.region,
        base,
        env,
        ...(deps.now ? { now: deps.now } : {}),
      })
    : base;
  return createMskIamTokenCache({ region: awsIam.region, credentials, ...cacheDeps });
}
