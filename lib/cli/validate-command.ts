import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { type ConfigIssue, formatIssue, validateConfig } from '../config/index.ts';
import { EXIT, type Output } from './output.ts';

const FILE_KEYS = ['cafile', 'certfile', 'keyfile'] as const;

/**
 * ssl_config files that are paths (not inline PEM, not templates) and do not
 * exist here. A warning, not an error: the file must exist where the function
 * runs, which may not be this machine.
 */
function missingFiles(config: Record<string, unknown>, baseDir: string): ConfigIssue[] {
  const ssl = config.ssl_config as Record<string, unknown> | undefined;
  if (!ssl || typeof ssl !== 'object') return [];
  return FILE_KEYS.flatMap((key) => {
    const value = ssl[key];
    if (typeof value !== 'string' || value.includes('-----BEGIN') || value.includes('{{')) return [];
    const path = isAbsolute(value) ? value : resolve(baseDir, value);
    return existsSync(path)
      ? []
      : [
          {
            path: `ssl_config.${key}`,
            message: `file not found here: ${path} (it must exist where the function runs)`,
          },
        ];
  });
}

/**
 * `ske validate FILE`: checks a config without contacting anything. Exit 0
 * when valid (warnings are printed), 1 listing every error with its path.
 */
export function validateCommand(file: string, output: Output): number {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    output.err(`${file}: cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    return EXIT.failed;
  }
  const { config, errors, warnings } = validateConfig(text, file);
  const allWarnings = [...warnings, ...(config ? missingFiles(config, dirname(resolve(file))) : [])];
  for (const w of allWarnings) output.err(`warning: ${formatIssue(w)}`);
  if (errors.length > 0) {
    for (const e of errors) output.err(`error: ${formatIssue(e)}`);
    output.err(`${file}: ${errors.length} error(s)`);
    return EXIT.failed;
  }
  output.out(`${file}: valid${allWarnings.length ? ` (${allWarnings.length} warning(s))` : ''}`);
  return EXIT.ok;
}
