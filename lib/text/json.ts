/**
 * `JSON.parse` as a result: the value, or the parser's own explanation (which
 * may quote the input: callers that must not echo it drop `why`). JSON.parse
 * makes own data properties only, so `__proto__` in a body is data, not a
 * prototype; the value goes on untyped, and lib/messages validates it before
 * it reaches Kafka.
 */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; why: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    return { ok: false, why: (err as Error).message };
  }
}
