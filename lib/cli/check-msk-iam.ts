import {
  createMskIamTokenCache,
  type MskIamTokenCache,
  mskIamCredentialSource,
  type SourcedCredentials,
} from '../auth/index.ts';
import type { ResolvedAwsIam } from '../config/index.ts';

export interface MskIamCheck {
  /** The token cache the check's Kafka client authenticates with. */
  tokens: MskIamTokenCache;
  /** Who AWS says the credentials belong to: on MSK, the principal IAM policies are evaluated for. */
  identity: () => Promise<string>;
}

/** The caller's ARN from STS GetCallerIdentity (allowed to every identity, no policy needed). */
async function callerIdentity(
  sourced: SourcedCredentials,
  region: string,
  env: Record<string, string | undefined>,
): Promise<string> {
  const { STSClient, GetCallerIdentityCommand } = await import('@aws-sdk/client-sts');
  const endpoint = env.AWS_ENDPOINT_URL_STS ?? env.AWS_ENDPOINT_URL;
  const sts = new STSClient({
    region: env.AWS_REGION ?? region,
    credentials: sourced.credentials,
    ...(endpoint ? { endpoint } : {}),
  });
  try {
    const answer = await sts.send(new GetCallerIdentityCommand({}));
    return answer.Arn ?? `access key ${sourced.credentials.accessKeyId}`;
  } catch (err) {
    return `access key ${sourced.credentials.accessKeyId} (STS GetCallerIdentity failed: ${(err as Error).message})`;
  } finally {
    sts.destroy();
  }
}

/**
 * The IAM steps of `ske check`: finds credentials (saying which source), signs
 * a token, and returns what the Kafka step needs. Throws the step's failure.
 */
export async function checkMskIam(
  awsIam: ResolvedAwsIam,
  env: Record<string, string | undefined>,
  out: (line: string) => void,
  fail: (step: 'credentials' | 'token signed', message: string) => Error,
): Promise<MskIamCheck> {
  const source = mskIamCredentialSource(awsIam, env);
  let sourced: SourcedCredentials;
  try {
    sourced = await source();
  } catch (err) {
    throw fail('credentials', (err as Error).message);
  }
  out(`✓ AWS credentials found: ${sourced.source}`);
  const tokens = createMskIamTokenCache({ region: awsIam.region, credentials: async () => sourced });
  try {
    const token = await tokens.getToken();
    const seconds = Math.round((token.expiresAt - Date.now()) / 1000);
    out(
      `✓ MSK IAM token signed for kafka.${awsIam.region}.amazonaws.com with access key ${sourced.credentials.accessKeyId} (valid ${seconds} s)`,
    );
  } catch (err) {
    throw fail('token signed', (err as Error).message);
  }
  return { tokens, identity: () => callerIdentity(sourced, awsIam.region, env) };
}
