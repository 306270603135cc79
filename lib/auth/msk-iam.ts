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
  const { credentials: _own, ...cacheDeps } = deps;
  const credentials = mskIamCredentialSource(awsIam, env, deps);
  return createMskIamTokenCache({ region: awsIam.region, credentials, ...cacheDeps });
}

/** The credentials tokens are signed with: the function's own, or the role they assume. */
export function mskIamCredentialSource(
  awsIam: ResolvedAwsIam,
  env: Record<string, string | undefined>,
  deps: Pick<MskIamDeps, 'credentials' | 'now'> = {},
): CredentialSource {
  const base = deps.credentials ?? defaultCredentialSource(env);
  if (!awsIam.roleArn) return base;
  return assumeRoleSource({
    roleArn: awsIam.roleArn,
    sessionName: awsIam.roleSessionName ?? 'serverless-kafka-exporter',
    region: awsIam.region,
    base,
    env,
    ...(deps.now ? { now: deps.now } : {}),
  });
}
