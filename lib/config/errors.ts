import { SkeError } from '../errors.ts';

/**
 * One problem in an exporter config. `path` is the YAML path as users read it
 * (`sasl_config.mechanism`, `bootstrap_server[1]`), or `file:line:column` for
 * YAML syntax errors; `message` says what was expected and what was found.
 */
export interface ConfigIssue {
  path: string;
  message: string;
}

/** `path: message`, the form every issue is shown in. */
export function formatIssue(issue: ConfigIssue): string {
  return `${issue.path}: ${issue.message}`;
}

/**
 * The config cannot be used. Carries every issue found, not just the first, so
 * one deploy shows everything to fix. Not retriable: the same config fails the
 * same way. The exception is a secret lookup that failed for a transient reason
 * (throttling, an AWS fault), which keeps the retriable flag of its cause.
 */
export class ConfigError extends SkeError {
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[], options: { cause?: unknown; retriable?: boolean } = {}) {
    super(issues.map(formatIssue).join('\n'), options);
    this.name = 'ConfigError';
    this.issues = issues;
  }
}
