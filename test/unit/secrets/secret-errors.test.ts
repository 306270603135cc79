import type { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { createSecretCache, SecretError, type SecretPayload } from '../../../lib/secrets/index.ts';

function clientAnswering(answer: SecretPayload | Error) {
  return {
    async send(_command: GetSecretValueCommand): Promise<SecretPayload> {
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
}

function awsError(name: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { name, $metadata: {} }, extra);
}

async function failure(answer: SecretPayload | Error, jsonKey?: string): Promise<SecretError> {
  const cache = createSecretCache({ client: clientAnswering(answer) });
  const error = await cache.get('prod/kafka', jsonKey).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof SecretError)) throw new Error(`expected a SecretError, got ${String(error)}`);
  return error;
}

describe('secret errors', () => {
  it('name the secret id and the AWS error, and keep the AWS error as cause', async () => {
    const cause = awsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    const error = await failure(cause);
    expect(error.message).toBe(
      `secret "prod/kafka": GetSecretValue failed with ResourceNotFoundException: Secrets Manager can't find the specified secret.`,
    );
    expect(error.secretId).toBe('prod/kafka');
    expect(error.cause).toBe(cause);
    expect(error.name).toBe('SecretError');
  });

  it.each([
    ['ThrottlingException', awsError('ThrottlingException', 'Rate exceeded')],
    ['InternalServiceError', awsError('InternalServiceError', 'oops')],
    ['a 503 from AWS', awsError('Unknown', 'x', { $metadata: { httpStatusCode: 503 } })],
    ['an SDK-marked retryable error', awsError('Whatever', 'x', { $retryable: { throttling: false } })],
    ['a reset connection', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
    ['an SDK timeout', awsError('TimeoutError', 'Connection timed out')],
  ])('are retriable for %s', async (_name, cause) => {
    expect((await failure(cause)).retriable).toBe(true);
  });

  it.each([
    ['AccessDeniedException', awsError('AccessDeniedException', 'not authorized')],
    ['ResourceNotFoundException', awsError('ResourceNotFoundException', 'missing')],
    ['DecryptionFailure', awsError('DecryptionFailure', 'kms')],
  ])('are not retriable for %s', async (_name, cause) => {
    expect((await failure(cause)).retriable).toBe(false);
  });

  it('say when a secret has no value', async () => {
    expect((await failure({})).message).toBe('secret "prod/kafka" has neither SecretString nor SecretBinary');
  });

  it('say a plain-text secret has no JSON keys, without quoting it', async () => {
    const error = await failure({ SecretString: 'hunter2-not-json' }, 'password');
    expect(error.message).toBe('secret "prod/kafka" is not JSON, so its key "password" cannot be read');
    expect(error.cause).toBeUndefined();
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain('hunter2');
  });

  it('say a JSON array secret has no keys', async () => {
    expect((await failure({ SecretString: '["a"]' }, 'a')).message).toContain('is not a JSON object');
  });

  it('name a missing key and list the key names but none of the values', async () => {
    const error = await failure({ SecretString: '{"username":"svc","passwd":"hunter2"}' }, 'password');
    expect(error.message).toBe(
      'secret "prod/kafka" has no key "password"; its keys are "username", "passwd"',
    );
    expect(error.message).not.toContain('hunter2');
    expect(error.retriable).toBe(false);
  });

  it('say when a JSON key holds null', async () => {
    expect((await failure({ SecretString: '{"password":null}' }, 'password')).message).toBe(
      'secret "prod/kafka" key "password" is null',
    );
  });
});
