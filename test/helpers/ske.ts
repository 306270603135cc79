import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { stack } from './stack.ts';

const run = promisify(execFile);

export interface SkeRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `ske` binary with AWS pointed at the emulator, as a user would locally; never throws for its exit code. */
export async function ske(args: string[], extraEnv: Record<string, string> = {}): Promise<SkeRun> {
  const { aws } = stack();
  const env = {
    ...process.env,
    AWS_ENDPOINT_URL: aws.endpoint,
    AWS_REGION: aws.region,
    AWS_ACCESS_KEY_ID: aws.accessKeyId,
    AWS_SECRET_ACCESS_KEY: aws.secretAccessKey,
    ...extraEnv,
  };
  try {
    const { stdout, stderr } = await run('node', ['bin/ske.mjs', ...args], { env, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as SkeRun;
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
