import { type ConfigPath, formatPath, mapStrings } from './paths.ts';
import { NON_STRING_FIELDS } from './schema.ts';

const NUMBER = /^[-+]?[0-9]+(\.[0-9]+)?$/;
const BOOLEAN = /^(true|false)$/i;

/**
 * Reads templated values of numeric and boolean fields as numbers and
 * booleans: `batch_size: "{{ env_var('B') }}"` with B=200 becomes 200.
 * Only templated values are touched; a literal `batch_size: "200"` in the YAML
 * stays a string and is reported, as the YAML type is what the user wrote.
 * Text that does not read as the field's type is left as it is, so validation
 * reports it (`expected an integer; got "ten"`).
 */
export function coerceTemplatedScalars(doc: unknown, templated: readonly ConfigPath[]): unknown {
  const paths = new Set(templated.map(formatPath));
  return mapStrings(doc, (text, path) => {
    const key = formatPath(path);
    if (!paths.has(key)) return text;
    const trimmed = text.trim();
    switch (NON_STRING_FIELDS[key]) {
      case 'number':
        return NUMBER.test(trimmed) ? Number(trimmed) : text;
      case 'boolean':
        return BOOLEAN.test(trimmed) ? trimmed.toLowerCase() === 'true' : text;
      default:
        return text;
    }
  });
}
