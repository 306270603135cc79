/** A value to look up: an environment variable or an AWS Secrets Manager secret. */
export type TemplateReference =
  | { kind: 'env'; name: string }
  | { kind: 'secret'; secretId: string; jsonKey?: string };

/** A string split into literal text and references, in order. */
export type TemplatePart = string | TemplateReference;

export type ParsedTemplate = { ok: true; parts: TemplatePart[] } | { ok: false; message: string };

const OPEN = '{{';
const CLOSE = '}}';

/** Quick test used before parsing: does this string try to use a template at all? */
export function containsTemplate(text: string): boolean {
  return text.includes(OPEN);
}

const SUPPORTED = "expected env_var('NAME'), aws_secret('secret-id') or aws_secret('secret-id', 'json_key')";

/**
 * Splits `text` into literal parts and `{{ ... }}` references. Accepted forms
 * (single or double quotes, any spacing):
 * `env_var('NAME')`, `aws_secret('id')`, `aws_secret('id', 'key')`, and, so
 * that Mage configs work unchanged, Mage's own spellings `aws_secret_var('id')`
 * and `json_value(aws_secret_var('id'), 'key')`.
 */
export function parseTemplateString(text: string): ParsedTemplate {
  const parts: TemplatePart[] = [];
  let rest = text;
  for (let open = rest.indexOf(OPEN); open !== -1; open = rest.indexOf(OPEN)) {
    const close = rest.indexOf(CLOSE, open + OPEN.length);
    if (close === -1) return { ok: false, message: `unclosed template: "${OPEN}" without "${CLOSE}"` };
    if (open > 0) parts.push(rest.slice(0, open));
    const source = rest.slice(open, close + CLOSE.length);
    const reference = toReference(parseExpression(rest.slice(open + OPEN.length, close)));
    if (typeof reference === 'string') return { ok: false, message: explain(reference, source) };
    parts.push(reference);
    rest = rest.slice(close + CLOSE.length);
  }
  if (rest !== '') parts.push(rest);
  return { ok: true, parts };
}

function explain(problem: string, source: string): string {
  if (problem === 'mage_secret_var') {
    return `unsupported template ${JSON.stringify(source)}: Mage secrets live in Mage's database; store the value in AWS Secrets Manager and use aws_secret('secret-id')`;
  }
  return `unsupported template ${JSON.stringify(source)}; ${SUPPORTED}`;
}

interface Call {
  name: string;
  args: (string | Call)[];
}

/** Recursive descent over `name(arg, ...)` where an arg is a quoted string or a call. */
function parseExpression(source: string): Call | undefined {
  let pos = 0;
  const skipSpace = () => {
    while (pos < source.length && /\s/.test(source.charAt(pos))) pos++;
  };
  const parseCall = (): Call | undefined => {
    skipSpace();
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(pos))?.[0];
    if (name === undefined) return undefined;
    pos += name.length;
    skipSpace();
    if (source.charAt(pos) !== '(') return undefined;
    pos++;
    const args: (string | Call)[] = [];
    skipSpace();
    if (source.charAt(pos) === ')') {
      pos++;
      return { name, args };
    }
    for (;;) {
      const arg = parseArg();
      if (arg === undefined) return undefined;
      args.push(arg);
      skipSpace();
      const next = source.charAt(pos++);
      if (next === ')') return { name, args };
      if (next !== ',') return undefined;
    }
  };
  const parseArg = (): string | Call | undefined => {
    skipSpace();
    const quote = source.charAt(pos);
    if (quote !== "'" && quote !== '"') return parseCall();
    const end = source.indexOf(quote, pos + 1);
    if (end === -1) return undefined;
    const value = source.slice(pos + 1, end);
    pos = end + 1;
    return value;
  };
  const call = parseCall();
  skipSpace();
  return call !== undefined && pos === source.length ? call : undefined;
}

/** The reference a call stands for, or a short reason it is not supported. */
function toReference(call: Call | undefined): TemplateReference | string {
  if (call === undefined) return 'syntax';
  const strings = call.args.every((arg) => typeof arg === 'string' && arg !== '')
    ? (call.args as string[])
    : [];
  switch (call.name) {
    case 'env_var':
      return strings.length === 1 && call.args.length === 1
        ? { kind: 'env', name: strings[0]! }
        : 'arguments';
    case 'aws_secret':
    case 'aws_secret_var':
      if (strings.length !== call.args.length || strings.length < 1 || strings.length > 2) return 'arguments';
      return strings[1] === undefined
        ? { kind: 'secret', secretId: strings[0]! }
        : { kind: 'secret', secretId: strings[0]!, jsonKey: strings[1] };
    case 'json_value': {
      const [inner, key] = call.args;
      if (call.args.length !== 2 || typeof inner !== 'object' || typeof key !== 'string' || key === '') {
        return 'arguments';
      }
      const secret = toReference(inner);
      // Mage's json_value() takes any JSON string; a secret is the only source we read JSON from.
      if (typeof secret === 'string' || secret.kind !== 'secret' || secret.jsonKey !== undefined)
        return 'arguments';
      return { kind: 'secret', secretId: secret.secretId, jsonKey: key };
    }
    default:
      return call.name;
  }
}
