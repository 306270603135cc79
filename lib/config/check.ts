import type * as z from 'zod/mini';
import type { ConfigIssue } from './errors.ts';
import { toConfigIssues } from './issues.ts';
import { forEachString, formatPath } from './paths.ts';
import { checkRules } from './rules.ts';
import { type ExporterConfig, ExporterConfigSchema } from './schema.ts';
import { containsTemplate } from './template-parser.ts';
import { findTemplates } from './templates.ts';

export interface CheckResult {
  /** Present when the document is valid as it stands (no templates left to resolve). */
  config?: ExporterConfig;
  errors: ConfigIssue[];
  warnings: ConfigIssue[];
}

export interface CheckOptions {
  /**
   * `unresolved`: templates may still stand in for any scalar; their values are
   * type-checked after resolution. `resolved`: every value is final, and a
   * `{{` in one is literal text.
   */
  phase: 'unresolved' | 'resolved';
  /** Formatted paths whose values came from a secret, so never shown. */
  secretPaths?: ReadonlySet<string>;
}

const CONTAINERS = new Set(['object', 'array', 'record', 'map']);

/** A templated value stands in for any scalar, but never for a mapping or a list. */
const waitsForResolution = (issue: z.core.$ZodIssue, templated: ReadonlySet<string>) =>
  templated.has(formatPath(issue.path as (string | number)[])) &&
  !(issue.code === 'invalid_type' && CONTAINERS.has(issue.expected));

/**
 * Validates a parsed exporter.yaml mapping: key by key with the schema, then
 * the cross-field rules. Every problem is listed, not just the first.
 */
export function checkDocument(doc: Record<string, unknown>, options: CheckOptions): CheckResult {
  const unresolved = options.phase === 'unresolved';
  const templated = new Set<string>();
  const errors: ConfigIssue[] = [];
  if (unresolved) {
    forEachString(doc, (text, path) => {
      if (containsTemplate(text)) templated.add(formatPath(path));
    });
    errors.push(...findTemplates(doc).issues);
  }

  const parsed = ExporterConfigSchema.safeParse(doc);
  if (!parsed.success) {
    const issues = parsed.error.issues.filter((issue) => !waitsForResolution(issue, templated));
    errors.push(...toConfigIssues(issues, { doc, secretPaths: options.secretPaths ?? new Set() }));
  }

  const isUnresolved = (value: unknown) => unresolved && typeof value === 'string' && containsTemplate(value);
  const rules = checkRules(doc, isUnresolved);
  errors.push(...rules.errors);

  const result: CheckResult = {
    errors: inDocumentOrder(errors, doc),
    warnings: inDocumentOrder(rules.warnings, doc),
  };
  if (parsed.success && errors.length === 0) result.config = parsed.data;
  return result;
}

/**
 * Orders issues by where their top-level key sits in the file, so a listing
 * reads top to bottom; issues about keys that are missing come last. The sort
 * is stable, so a key's own issues stay ahead of the rules that involve it.
 */
function inDocumentOrder(issues: ConfigIssue[], doc: Record<string, unknown>): ConfigIssue[] {
  const keys = Object.keys(doc);
  const rank = (issue: ConfigIssue) => {
    const index = keys.indexOf(/^[^.[]*/.exec(issue.path)?.[0] ?? '');
    return index === -1 ? keys.length : index;
  };
  return issues
    .map((issue, order) => ({ issue, order, rank: rank(issue) }))
    .sort((a, b) => a.rank - b.rank || a.order - b.order)
    .map(({ issue }) => issue);
}
