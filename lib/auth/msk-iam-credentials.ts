import { invocationDeadlineNow, withAwsDeadline } from '../aws/deadline.ts';
import { MskIamError } from './errors.ts';
import type { AwsCredentials } from './msk-iam-signer.ts';

/** Credentials and, for `ske check` and logs, where they came from. */
export interface SourcedCredentials {
  credentials: AwsCredentials;
  source: string;
}

export type CredentialSource = () => Promise<SourcedCredentials>;

/** What the SDK records in `$source` about the provider that found the credentials. */
const SDK_SOURCES: Record<string, string> = {
  CREDENTIALS_ENV_VARS: 'environment variables',
  CREDENTIALS_ENV_VARS_STS_WEB_ID_TOKEN: 'web identity token (environment)',
  CREDENTIALS_STS_ASSUME_ROLE_WEB_ID: 'web identity token',
  CREDENTIALS_PROFILE: 'shared config profile',
  CREDENTIALS_PROFILE_SOURCE_PROFILE: 'shared config profile (source_profile)',
  CREDENTIALS_PROFILE_PROCESS: 'shared config profile (credential_process)',
  CREDENTIALS_PROFILE_SSO: 'shared config profile (SSO)',
  CREDENTIALS_SSO: 'SSO',
  CREDENTIALS_PROCESS: 'credential_process',
  CREDENTIALS_HTTP: 'container credentials endpoint',
  CREDENTIALS_IMDS: 'EC2 instance metadata',
};

function sdkSource(credentials: object): string {
  const recorded = Object.keys((credentials as { $source?: Record<string, unknown> }).$source ?? {});
  const names = recorded.map((key) => SDK_SOURCES[key]).filter(Boolean);
  return names.length > 0 ? `${names.join(', ')} (default credential chain)` : 'default credential chain';
}

/**
 * The function's environment: in Lambda the execution role's credentials,
 * with their session token (and AWS_CREDENTIAL_EXPIRATION where set).
 */
export function environmentCredentials(
  env: Record<string, string | undefined>,
): SourcedCredentials | undefined {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) return undefined;
  const expiration = env.AWS_CREDENTIAL_EXPIRATION ? new Date(env.AWS_CREDENTIAL_EXPIRATION) : undefined;
  const credentials: AwsCredentials = { accessKeyId, secretAccessKey };
  if (env.AWS_SESSION_TOKEN) credentials.sessionToken = env.AWS_SESSION_TOKEN;
  if (expiration && !Number.isNaN(expiration.getTime())) credentials.expiration = expiration;
  const kind = credentials.sessionToken ? 'with a session token' : 'long-term key';
  return { credentials, source: `environment (AWS_ACCESS_KEY_ID, ${kind})` };
}

/**
 * The default AWS credential chain: the function's environment first (what
 * the SDK's chain also reads first), then the rest of the SDK's chain (shared
 * config, SSO, web identity, container and instance metadata), loaded on first
 * use and memoised by the SDK, which refreshes credentials before they expire.
 */
export function defaultCredentialSource(env: Record<string, string | undefined>): CredentialSource {
  let chain: (() => Promise<AwsCredentials>) | undefined;
  return async () => {
    const fromEnv = environmentCredentials(env);
    if (fromEnv) return fromEnv;
    try {
      chain ??= (await import('@aws-sdk/credential-provider-node')).defaultProvider();
      const credentials = await chain();
      return { credentials, source: sdkSource(credentials) };
    } catch (error) {
      const missing = (error as { name?: string }).name === 'CredentialsProviderError';
      throw new MskIamError(`AWS_MSK_IAM: no AWS credentials found: ${(error as Error).message}`, {
        cause: error,
        retriable: !missing,
      });
    }
  };
}

export interface AssumeRoleOptions {
  roleArn: string;
  sessionName: string;
  /** Region of the STS endpoint: the function's own (AWS_REGION), else the cluster's. */
  region: string;
  /** The credentials that assume the role (the function's own). */
  base: CredentialSource;
  env: Record<string, string | undefined>;
  now?: () => number;
  /** Ask for new credentials when this little of the session is left. Default 5 minutes. */
  refreshMarginMs?: number;
}

const SESSION_SECONDS = 3600;
/** How much sooner than the invocation's deadline an AssumeRole is given up. */
const STS_MARGIN_MS = 100;

interface AssumeRoleAnswer {
  Credentials?: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string; Expiration?: Date };
}
type StsAssumeRole = (
  input: { RoleArn: string; RoleSessionName: string; DurationSeconds: number },
  abortSignal: AbortSignal,
) => Promise<AssumeRoleAnswer>;

/**
 * Credentials of a role assumed through STS (a cluster in another account).
 * The session is kept until `refreshMarginMs` before it expires; one
 * AssumeRole at a time. The STS endpoint follows AWS_ENDPOINT_URL_STS /
 * AWS_ENDPOINT_URL of the function's environment, as the SDK's own do.
 */
export function assumeRoleSource(options: AssumeRoleOptions): CredentialSource {
  const { roleArn, sessionName, env, now = Date.now, refreshMarginMs = 5 * 60_000 } = options;
  let cached: SourcedCredentials | undefined;
  let inFlight: Promise<SourcedCredentials> | undefined;
  let baseSource = '';
  let sts: Promise<StsAssumeRole> | undefined;

  async function loadSts(): Promise<StsAssumeRole> {
    const { STSClient, AssumeRoleCommand } = await import('@aws-sdk/client-sts');
    const endpoint = env.AWS_ENDPOINT_URL_STS ?? env.AWS_ENDPOINT_URL;
    const client = new STSClient({
      region: env.AWS_REGION ?? options.region,
      credentials: async () => {
        const base = await options.base();
        baseSource = base.source;
        return base.credentials;
      },
      ...(endpoint ? { endpoint } : {}),
    });
    return (input, abortSignal) => client.send(new AssumeRoleCommand(input), { abortSignal });
  }

  async function assume(): Promise<SourcedCredentials> {
    sts ??= loadSts();
    const send = await sts;
    let answer: AssumeRoleAnswer;
    try {
      // Bounded by the invocation's deadline, a little inside it so that this error, naming the call,
      // comes before the token cache's own deadline (msk-iam-token-cache.ts). A signing that runs
      // outside an invocation (a re-authentication KafkaJS starts from an earlier invocation's
      // socket) gets the default bound instead.
      const invocation = invocationDeadlineNow();
      const deadline = invocation === undefined ? undefined : invocation - STS_MARGIN_MS;
      answer = await withAwsDeadline(
        `STS AssumeRole of ${roleArn}`,
        (abortSignal) =>
          send(
            { RoleArn: roleArn, RoleSessionName: sessionName, DurationSeconds: SESSION_SECONDS },
            abortSignal,
          ),
        deadline !== undefined && deadline > now() ? deadline : undefined,
      );
    } catch (error) {
      // The base credentials' own failure (no credentials at all) says so itself.
      if (error instanceof MskIamError) throw error;
      const e = error as {
        name?: string;
        message?: string;
        $metadata?: { httpStatusCode?: number };
        $retryable?: unknown;
      };
      const status = e.$metadata?.httpStatusCode;
      const retriable = e.$retryable !== undefined || status === undefined || status >= 500 || status === 429;
      throw new MskIamError(`AWS_MSK_IAM: could not assume role ${roleArn}: ${e.name}: ${e.message}`, {
        cause: error,
        retriable,
      });
    }
    const c = answer.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) {
      throw new MskIamError(`AWS_MSK_IAM: STS AssumeRole for ${roleArn} answered without credentials`, {
        retriable: true,
      });
    }
    return {
      credentials: {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        sessionToken: c.SessionToken,
        expiration: c.Expiration ?? new Date(now() + SESSION_SECONDS * 1000),
      },
      source: `role ${roleArn} (session ${sessionName}) assumed with ${baseSource || 'the default credential chain'}`,
    };
  }

  return async () => {
    const expiry = cached?.credentials.expiration?.getTime() ?? 0;
    if (cached && now() < expiry - refreshMarginMs) return cached;
    inFlight ??= assume()
      .then((fresh) => {
        cached = fresh;
        return fresh;
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };
}
