import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from './layout.ts';

/**
 * The local stand-in for Amazon MSK's IAM access control: an `iam` SASL_SSL
 * listener whose OAUTHBEARER callback handler (infra/kafka/msk-iam, Java)
 * verifies MSK IAM tokens, the access keys it knows, and the ACLs that play
 * the part of IAM policies.
 */
export const IAM_REGION = 'us-east-1';
/** The role the session-credential tests assume through the emulator's STS; its principal on the broker. */
export const IAM_ROLE_ARN = 'arn:aws:iam::123456789012:role/ske-msk-producer';
/** The local IAM user: the broker's principal for its key, and what STS GetCallerIdentity answers for it. */
export const IAM_USER_ARN = 'arn:aws:iam::123456789012:user/ske-iam-user';
/** Topics whose names start with this are writable by the IAM principals ... */
export const IAM_ALLOWED_PREFIX = 'iam-allowed';
/** ... and these are denied to them, as a policy without kafka-cluster:WriteData on them would. */
export const IAM_DENIED_PREFIX = 'iam-denied';

/** The long-term access key of the local IAM user, generated once per state folder. */
export interface IamUser {
  accessKeyId: string;
  secretAccessKey: string;
  /** The Kafka principal name the broker gives this key (User:<principal>): the user's ARN, as on MSK. */
  principal: string;
}

export function newIamUser(): IamUser {
  // AKIA + 16 upper-case letters and digits: the shape of a real long-term access key id.
  const id = Array.from(randomBytes(16), (b) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[b % 32]).join('');
  return {
    accessKeyId: `AKIA${id}`,
    secretAccessKey: randomBytes(30).toString('base64'),
    principal: IAM_USER_ARN,
  };
}

export interface IamFiles {
  /** The static user's key, written by the stack. */
  credentialsFile: string;
  /** Temporary credentials, appended by the AWS emulator on every STS AssumeRole. */
  sessionsFile: string;
}

/** Writes the properties file the verifier reads the static key from. */
export function writeIamCredentials(stateDir: string, user: IamUser): IamFiles {
  const dir = join(stateDir, 'iam');
  mkdirSync(dir, { recursive: true });
  const credentialsFile = join(dir, 'credentials.properties');
  const escaped = (value: string) => value.replaceAll('\\', '\\\\');
  writeFileSync(
    credentialsFile,
    `${user.accessKeyId}.secretAccessKey=${escaped(user.secretAccessKey)}\n${user.accessKeyId}.principal=${user.principal}\n`,
    { mode: 0o600 },
  );
  const sessionsFile = join(dir, 'sessions.properties');
  if (!existsSync(sessionsFile)) writeFileSync(sessionsFile, '', { mode: 0o600 });
  return { credentialsFile, sessionsFile };
}

const SOURCE_DIR = join(ROOT, 'infra', 'kafka', 'msk-iam');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'target' ? [] : sourceFiles(path);
    return [path];
  });
}

/**
 * Builds the verifier jar with Maven against the broker's own kafka-clients,
 * into the jar cache (keyed by Kafka version and a hash of the sources, so a
 * changed source is rebuilt and an unchanged one is not). Returns the jar.
 */
export function ensureMskIamVerifier(cacheDir: string, kafkaVersion: string): string {
  const hash = createHash('sha256');
  for (const file of sourceFiles(SOURCE_DIR).sort()) {
    hash.update(relative(SOURCE_DIR, file)).update(readFileSync(file));
  }
  const buildDir = join(cacheDir, `msk-iam-${kafkaVersion}-${hash.digest('hex').slice(0, 12)}`);
  const jar = join(buildDir, 'msk-iam-verifier.jar');
  if (existsSync(jar)) return jar;
  console.log('Building the MSK IAM token verifier with Maven (after each change to infra/kafka/msk-iam)...');
  try {
    execFileSync(
      'mvn',
      [
        '-q',
        '-B',
        '-f',
        join(SOURCE_DIR, 'pom.xml'),
        `-Dkafka.version=${kafkaVersion}`,
        `-Dbuild.dir=${buildDir}`,
        'package',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
  } catch (err) {
    const out = (err as { stdout?: Buffer }).stdout?.toString() ?? '';
    throw new Error(`Could not build infra/kafka/msk-iam with Maven:\n${out.slice(-2000)}`, { cause: err });
  }
  if (!existsSync(jar)) throw new Error(`Maven finished but ${jar} is missing`);
  return jar;
}
