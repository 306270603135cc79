/** JSON's number grammar (RFC 8259 §6). */
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
/** Decimal forms other languages write that JSON does not: `+1`, `.5`, `5.`, `007`. */
const LOOSE_NUMBER = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * The JSON text of a DynamoDB number (an `N` value, which the event carries as
 * a string): the string itself when it is already a JSON number, so
 * `12345678901234567890` and `0.1000000000000000055511151231257827` are kept
 * digit for digit, never passed through a float. A decimal that JSON does not
 * allow as written is rewritten without changing its value (a leading `+` or
 * leading zeros dropped, `.5` as `0.5`, `5.` as `5`); anything else is
 * undefined (not a number).
 */
export function jsonNumberText(n: string): string | undefined {
  if (JSON_NUMBER.test(n)) return n;
  const loose = LOOSE_NUMBER.exec(n);
  if (!loose) return undefined;
  const [, sign, whole = '', fraction = '', exponent] = loose;
  if (whole === '' && fraction === '') return undefined;
  const digits = whole.replace(/^0+(?=\d)/, '') || '0';
  return `${sign === '-' ? '-' : ''}${digits}${fraction === '' ? '' : `.${fraction}`}${exponent === undefined ? '' : `e${exponent}`}`;
}
