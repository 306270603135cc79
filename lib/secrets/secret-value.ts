import { SecretError } from './errors.ts';

/** The parts of a GetSecretValue response that hold the value. */
export interface SecretPayload {
  SecretString?: string | undefined;
  SecretBinary?: Uint8Array | undefined;
}

/** The secret as text: `SecretString`, else `SecretBinary` decoded as UTF-8. */
export function secretText(secretId: string, payload: SecretPayload): string {
  if (typeof payload.SecretString === 'string') return payload.SecretString;
  if (payload.SecretBinary) return Buffer.from(payload.SecretBinary).toString('utf8');
  throw new SecretError(secretId, `secret "${secretId}" has neither SecretString nor SecretBinary`);
}

const MAX_LISTED_KEYS = 20;

/**
 * One top-level key of a JSON secret (the `{{ aws_secret('id', 'key') }}`
 * form). Strings are returned as they are; numbers and booleans as their JSON
 * text, so `{"port": 5432}` gives `"5432"`; objects and arrays as JSON.
 *
 * Error texts name the secret and the key and may list the key names, but
 * never a value: not even the JSON parser's message, which quotes the input.
 */
export function jsonKeyOf(secretId: string, text: string, jsonKey: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new SecretError(
      secretId,
      `secret "${secretId}" is not JSON, so its key "${jsonKey}" cannot be read`,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new SecretError(
      secretId,
      `secret "${secretId}" is not a JSON object, so its key "${jsonKey}" cannot be read`,
    );
  }
  const record = parsed as Record<string, unknown>;
  if (!Object.hasOwn(record, jsonKey)) {
    const keys = Object.keys(record);
    const listed = keys.slice(0, MAX_LISTED_KEYS).map((k) => JSON.stringify(k));
    const more = keys.length > MAX_LISTED_KEYS ? ', ...' : '';
    const known = keys.length ? `; its keys are ${listed.join(', ')}${more}` : '; it has no keys';
    throw new SecretError(secretId, `secret "${secretId}" has no key "${jsonKey}"${known}`);
  }
  const value = record[jsonKey];
  if (typeof value === 'string') return value;
  if (value === null) throw new SecretError(secretId, `secret "${secretId}" key "${jsonKey}" is null`);
  return JSON.stringify(value);
}
