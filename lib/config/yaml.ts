import { isCollection, LineCounter, parseDocument, visit } from 'yaml';
import type { ConfigIssue } from './errors.ts';
import { describeFound } from './issues.ts';
import { type ConfigPath, formatPath, isMapping, ROOT_PATH, setOwn } from './paths.ts';
import { pyyamlScalars } from './pyyaml-scalars.ts';

export type ParsedYaml = { ok: true; doc: Record<string, unknown> } | { ok: false; errors: ConfigIssue[] };

const where = (source: string | undefined, line: number, column: number) =>
  `${source === undefined ? '' : `${source}:`}${line}:${column}`;

/**
 * Parses exporter.yaml into a plain mapping. YAML 1.1 with PyYAML's scalar
 * rules, as Mage reads its configs (so `check_hostname: yes` is true there and
 * here, and `y`, `08` and `1e3` are strings in both; see pyyaml-scalars.ts). Syntax errors and
 * warnings (such as an unknown `!!tag`) are errors at `source:line:column`.
 * Keys with an empty value (`ssl_config:`) are dropped: empty means not set,
 * as in Mage, which skips None values.
 */
export function parseYaml(text: string, source?: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, {
    version: '1.1',
    lineCounter,
    uniqueKeys: true,
    customTags: pyyamlScalars,
  });
  const errors: ConfigIssue[] = [...document.errors, ...document.warnings].map((problem) => {
    const position = problem.linePos?.[0] ?? { line: 1, col: 1 };
    // yaml appends " at line L, column C:" and a code excerpt; the path already says where.
    const message = problem.message.split(/ at line \d+, column \d+/)[0]!.trim();
    return { path: where(source, position.line, position.col), message };
  });
  visit(document, {
    Pair(_, pair, ancestors) {
      // An unquoted `key: {{ env_var('X') }}` parses as a flow mapping whose key is a mapping.
      if (isCollection(pair.key)) {
        const outer = ancestors.at(-1);
        const start = isCollection(outer) ? outer.range?.[0] : pair.key.range?.[0];
        const position = lineCounter.linePos(start ?? 0);
        errors.push({
          path: where(source, position.line, position.col),
          message: `expected a quoted template such as "{{ env_var('NAME') }}"; got an unquoted {{ ... }}`,
        });
      }
    },
  });
  if (errors.length > 0) return { ok: false, errors };

  const root = source ?? ROOT_PATH;
  let value: unknown;
  try {
    value = document.toJS();
  } catch (error) {
    // Raised while building values: a bad `<<` merge, too many alias expansions.
    return { ok: false, errors: [{ path: root, message: `invalid YAML: ${(error as Error).message}` }] };
  }
  if (value === null || value === undefined) {
    return {
      ok: false,
      errors: [{ path: root, message: 'expected a mapping of exporter settings; got an empty document' }],
    };
  }
  const cycle = cyclePath(value, []);
  if (cycle !== undefined) {
    return {
      ok: false,
      errors: [
        {
          path: formatPath(cycle),
          message: 'a YAML alias refers to a value that contains it; expected a value without cycles',
        },
      ],
    };
  }
  if (!isMapping(value)) {
    const got = describeFound(value);
    return {
      ok: false,
      errors: [{ path: root, message: `expected a mapping of exporter settings; got ${got}` }],
    };
  }
  const doc = withoutEmptyValues(value, [], errors);
  return errors.length === 0 ? { ok: true, doc } : { ok: false, errors };
}

/**
 * Where a value contains itself (`a: &x [*x]` builds a list holding itself),
 * or undefined. Every later step walks the document, and a cycle would make
 * it recurse forever.
 */
function cyclePath(value: unknown, path: ConfigPath, ancestors = new Set<unknown>()): ConfigPath | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  if (ancestors.has(value)) return path;
  ancestors.add(value);
  const entries: Array<[string | number, unknown]> = Array.isArray(value)
    ? value.map((item, index) => [index, item])
    : Object.entries(value);
  for (const [key, item] of entries) {
    const found = cyclePath(item, [...path, key], ancestors);
    if (found !== undefined) return found;
  }
  ancestors.delete(value);
  return undefined;
}

function withoutEmptyValues(mapping: Record<string, unknown>, path: ConfigPath, errors: ConfigIssue[]) {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(mapping)) {
    // Objects treat this key specially (zod's records skip it), so it could hide a bad value.
    if (key === '__proto__') errors.push({ path: formatPath([...path, key]), message: 'unknown key' });
    if (value === null) continue;
    setOwn(copy, key, isMapping(value) ? withoutEmptyValues(value, [...path, key], errors) : value);
  }
  return copy;
}
