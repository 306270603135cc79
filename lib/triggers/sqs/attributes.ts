import type { SnsMessageAttribute } from '../../events/sns.ts';
import type { SqsMessageAttribute } from './event.ts';

/**
 * Headers from SQS message attributes: `String` and `Number` types (custom
 * suffixes such as `Number.float` included) by their `stringValue`. Binary
 * attributes are skipped: Kafka headers here are text.
 */
export function sqsAttributeHeaders(
  attributes: Record<string, SqsMessageAttribute> | undefined,
): Array<[string, string]> {
  const headers: Array<[string, string]> = [];
  for (const [name, attribute] of Object.entries(attributes ?? {})) {
    if (isTextType(attribute.dataType) && typeof attribute.stringValue === 'string')
      headers.push([name, attribute.stringValue]);
  }
  return headers;
}

/**
 * Headers from SNS message attributes: `String`, `String.Array` (its JSON text
 * as sent) and `Number` by their `Value`; `Binary` is skipped.
 */
export function snsAttributeHeaders(
  attributes: Record<string, SnsMessageAttribute> | undefined,
): Array<[string, string]> {
  return Object.entries(attributes ?? {})
    .filter(([, attribute]) => isTextType(attribute.Type))
    .map(([name, attribute]) => [name, attribute.Value]);
}

function isTextType(type: string): boolean {
  const base = type.split('.')[0];
  return base === 'String' || base === 'Number';
}
