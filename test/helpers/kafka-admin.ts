import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { stack } from './stack.ts';

const run = promisify(execFile);

/**
 * Sets a user's SCRAM password in the broker with Kafka's own kafka-configs
 * tool (KafkaJS has no AlterUserScramCredentials). The broker takes one
 * mechanism per user per request.
 */
export async function setScramPassword(
  user: string,
  password: string,
  mechanism: 'SCRAM-SHA-256' | 'SCRAM-SHA-512' = 'SCRAM-SHA-512',
): Promise<void> {
  const s = stack();
  await run(
    'java',
    [
      '-cp',
      s.kafkaClasspath,
      'kafka.admin.ConfigCommand',
      '--bootstrap-server',
      s.bootstrap.plaintext,
      '--alter',
      '--add-config',
      `${mechanism}=[password=${password}]`,
      '--entity-type',
      'users',
      '--entity-name',
      user,
    ],
    { timeout: 60_000 },
  );
}
