import { elementSpans, type JsonSpan, memberSpan, wholeSpan } from './json-text.ts';

/** One message read from JSON text, with its own text so its record can carry the sender's spelling. */
export interface JsonMessage {
  message: unknown;
  json: string;
}

/** `text` without a leading byte order mark (U+FEFF): some writers put one before JSON; it is not part of it. */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

const slice = (text: string, span: JsonSpan) => text.slice(span.start, span.end);

/**
 * The messages of a JSON text that parsed to `value`: an array is one
 * message per element, anything else one message; each keeps its own text.
 */
export function spreadJson(text: string, value: unknown): JsonMessage[] {
  if (!Array.isArray(value)) return [{ message: value, json: text }];
  const spans = elementSpans(text, wholeSpan(text));
  return value.map((message, i) => ({ message, json: slice(text, spans[i]!) }));
}

/** The elements of member `name` of the object `text` (an array JSON.parse accepted), each with its text. */
export function memberElements(text: string, name: string, elements: readonly unknown[]): JsonMessage[] {
  const member = memberSpan(text, wholeSpan(text), name);
  const spans = member ? elementSpans(text, member) : [];
  return elements.map((message, i) => ({ message, json: slice(text, spans[i]!) }));
}
