import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type IamUser, newIamUser } from './msk-iam.ts';

/** Generated local-stack credentials, kept in the state folder so restarts keep them. */
export interface StackCredentials {
  users: { ske: string; rotator: string };
  oauthClientId: string;
  oauthClientSecret: string;
  clusterId: string;
  /** The access key the `iam` listener accepts (long-term, like an IAM user's). */
  iam: IamUser;
}

const token = (bytes: number) => randomBytes(bytes).toString('base64url');

export function ensureCredentials(stateDir: string): StackCredentials {
  const file = join(stateDir, 'credentials.json');
  if (existsSync(file)) {
    const known = JSON.parse(readFileSync(file, 'utf8')) as StackCredentials;
    // State folders from before the IAM listener get its key added, keeping the rest.
    if (known.iam) return known;
    const upgraded = { ...known, iam: newIamUser() };
    writeFileSync(file, JSON.stringify(upgraded, null, 2), { mode: 0o600 });
    return upgraded;
  }
  const credentials: StackCredentials = {
    users: { ske: `ske-${token(9)}`, rotator: `rot-${token(9)}` },
    oauthClientId: 'ske-client',
    oauthClientSecret: token(18),
    // A KRaft cluster id is 16 random bytes in base64url.
    clusterId: randomBytes(16).toString('base64url'),
    iam: newIamUser(),
  };
  writeFileSync(file, JSON.stringify(credentials, null, 2), { mode: 0o600 });
  return credentials;
}
