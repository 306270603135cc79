import { MAX_JSON_DEPTH } from './json-value.ts';

/*
 * Spans of JSON text that JSON.parse has already accepted. The parse proves the
 * syntax; these functions only need to follow strings and brackets to find
 * where a value starts and ends, which is what lets a record carry the
 * sender's own spelling (big integers, `1.0`, key order, escapes) instead of a
 * re-serialized copy. Whitespace outside strings is dropped, nothing else.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const LOWER_E = 0x65;
const UPPER_E = 0x45;

/** Longest number literal that cannot overflow to Infinity without an exponent (1.8e308 has 309 digits). */
const SAFE_NUMBER_LENGTH = 308;

/** A value inside a text: `text.slice(start, end)` is its JSON, without surrounding whitespace. */
export interface JsonSpan {
  start: number;
  end: number;
  /** What a scan that already went over the span found (spares exactText a second pass). */
  seen?: { blank: boolean; numberToCheck: boolean; depth: number };
}

/** Why a span cannot be written as it is: the same refusals encodeJson makes of a parsed value. */
export type ExactTextResult = { ok: true; text: string } | { ok: false; reason: 'depth' | 'number' };

// What the last scan found; module state, since scanning is synchronous and this spares an object per value.
let sawBlank = false;
let sawNumberToCheck = false;
let deepest = 0;

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** Index just past the string whose opening quote is at `start`. */
function stringEnd(text: string, start: number): number {
  let i = start;
  for (;;) {
    i = text.indexOf('"', i + 1);
    if (i === -1) return text.length;
    let slashes = 0;
    for (let j = i - 1; text.charCodeAt(j) === BACKSLASH; j--) slashes++;
    if ((slashes & 1) === 0) return i + 1;
  }
}

function skipBlanks(text: string, i: number, end: number): number {
  while (i < end && isBlank(text.charCodeAt(i))) i++;
  return i;
}

/** Index just past the value that starts at `start`; records blanks, nesting and numbers seen on the way. */
function valueEnd(text: string, start: number, end: number): number {
  let depth = 0;
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = stringEnd(text, i);
      if (depth === 0) return i;
      continue;
    }
    if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (++depth > deepest) deepest = depth;
      i++;
      continue;
    }
    if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      i++;
      if (--depth === 0) return i;
      continue;
    }
    if (c === COMMA || c === COLON) {
      if (depth === 0) return i;
      i++;
      continue;
    }
    if (isBlank(c)) {
      if (depth === 0) return i;
      sawBlank = true;
      i++;
      continue;
    }
    // A number or a literal (true, false, null): runs to the next delimiter.
    const from = i;
    let exponent = false;
    for (; i < end; i++) {
      const d = text.charCodeAt(i);
      if (d === COMMA || d === CLOSE_ARRAY || d === CLOSE_OBJECT || isBlank(d)) break;
      if (d === LOWER_E || d === UPPER_E) exponent = true;
    }
    // `true`/`false` hold an `e` too; a needless check is harmless.
    if (exponent || i - from > SAFE_NUMBER_LENGTH) sawNumberToCheck = true;
    if (depth === 0) return i;
  }
  return i;
}

/** The span of the (validated) JSON value that fills `text`, leading and trailing whitespace left out. */
export function wholeSpan(text: string): JsonSpan {
  const start = skipBlanks(text, 0, text.length);
  let end = text.length;
  while (end > start && isBlank(text.charCodeAt(end - 1))) end--;
  return { start, end };
}

/**
 * The span of member `name` of the object at `span`, the last one when the
 * name repeats (JSON.parse keeps the last too), or undefined. Names written
 * with escapes (`"d\u0061ta"`) are read as JSON.parse reads them.
 */
export function memberSpan(text: string, span: JsonSpan, name: string): JsonSpan | undefined {
  const { end } = span;
  let found: JsonSpan | undefined;
  if (text.charCodeAt(span.start) !== OPEN_OBJECT) return undefined;
  let i = skipBlanks(text, span.start + 1, end);
  while (i < end && text.charCodeAt(i) === QUOTE) {
    const nameEnd = stringEnd(text, i);
    const raw = text.slice(i + 1, nameEnd - 1);
    const matches = raw.includes('\\') ? JSON.parse(text.slice(i, nameEnd)) === name : raw === name;
    i = skipBlanks(text, nameEnd, end) + 1; // past the colon
    const valueStart = skipBlanks(text, i, end);
    sawBlank = false;
    sawNumberToCheck = false;
    deepest = 0;
    const valueStop = valueEnd(text, valueStart, end);
    if (matches) {
      const seen = { blank: sawBlank, numberToCheck: sawNumberToCheck, depth: deepest };
      found = { start: valueStart, end: valueStop, seen };
    }
    i = skipBlanks(text, valueStop, end);
    if (text.charCodeAt(i) !== COMMA) break;
    i = skipBlanks(text, i + 1, end);
  }
  return found;
}

/** The spans of the elements of the array at `span` (a JSON array text JSON.parse accepted). */
export function elementSpans(text: string, span: JsonSpan): JsonSpan[] {
  const { end } = span;
  const spans: JsonSpan[] = [];
  if (text.charCodeAt(span.start) !== OPEN_ARRAY) return spans;
  let i = skipBlanks(text, span.start + 1, end);
  while (i < end && text.charCodeAt(i) !== CLOSE_ARRAY) {
    const stop = valueEnd(text, i, end);
    spans.push({ start: i, end: stop });
    i = skipBlanks(text, stop, end);
    if (text.charCodeAt(i) !== COMMA) break;
    i = skipBlanks(text, i + 1, end);
  }
  return spans;
}

/**
 * The value at `span` as the sender wrote it, minus whitespace outside
 * strings. Refused like a parsed value would be (see encodeJson): more than
 * MAX_JSON_DEPTH levels, or a number that JSON.parse reads as Infinity
 * (`1e400`: Mage's json.dumps would write `Infinity`, which is not JSON). A
 * lone surrogate written raw (possible only in a JavaScript string, not in
 * UTF-8) is written as its `\u` escape, as JSON.stringify does: the same string
 * for any JSON reader, where UTF-8 would have turned it into U+FFFD.
 */
export function exactText(text: string, span: JsonSpan): ExactTextResult {
  let seen = span.seen;
  if (seen === undefined) {
    sawBlank = false;
    sawNumberToCheck = false;
    deepest = 0;
    valueEnd(text, span.start, span.end);
    seen = { blank: sawBlank, numberToCheck: sawNumberToCheck, depth: deepest };
  }
  if (seen.depth > MAX_JSON_DEPTH) return { ok: false, reason: 'depth' };
  if (seen.numberToCheck && !numbersFinite(text, span)) return { ok: false, reason: 'number' };
  const out = seen.blank ? withoutBlanks(text, span) : text.slice(span.start, span.end);
  return { ok: true, text: isWellFormed(out) ? out : escapeLoneSurrogates(out) };
}

function withoutBlanks(text: string, { start, end }: JsonSpan): string {
  let out = '';
  let kept = start;
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = stringEnd(text, i);
    } else if (isBlank(c)) {
      out += text.slice(kept, i);
      i = skipBlanks(text, i, end);
      kept = i;
    } else i++;
  }
  return out + text.slice(kept, end);
}

/** Every number literal in the span reads as a finite double. */
function numbersFinite(text: string, { start, end }: JsonSpan): boolean {
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = stringEnd(text, i);
      continue;
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      const from = i;
      while (i < end && isNumberChar(text.charCodeAt(i))) i++;
      if (!Number.isFinite(Number(text.slice(from, i)))) return false;
      continue;
    }
    i++;
  }
  return true;
}

function isNumberChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e || c === LOWER_E || c === UPPER_E;
}

/** String.prototype.isWellFormed (Node 20 has it; its type comes with ES2024, past this project's lib). */
export function isWellFormed(text: string): boolean {
  return (text as unknown as { isWellFormed(): boolean }).isWellFormed();
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function escapeLoneSurrogates(text: string): string {
  return text.replace(LONE_SURROGATE, (unit) => `\\u${unit.charCodeAt(0).toString(16)}`);
}
