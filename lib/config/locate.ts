import { isAbsolute, join, resolve } from 'node:path';
import { ConfigError } from './errors.ts';
import { defaultReadFile, type ReadTextFile, readText } from './files.ts';

/** Where the config was found, its text, and the folder its relative file paths start from. */
export interface ConfigLocation {
  /** `SKE_CONFIG`, or the file's absolute path: names the source in error messages. */
  source: string;
  yamlText: string;
  baseDir: string;
}

export interface LocateDeps {
  readFile?: ReadTextFile;
  /** Defaults to `process.cwd`; Lambda starts functions in LAMBDA_TASK_ROOT. */
  cwd?: () => string;
}

/** Inline YAML has several lines or is a flow mapping; a single plain line is most likely a path. */
const looksInline = (value: string) => value.includes('\n') || value.trimStart().startsWith('{');

/**
 * Finds the exporter config. One rule, first match wins:
 * 1. `SKE_CONFIG`: the YAML itself (must contain a newline or start with `{`);
 * 2. `SKE_CONFIG_FILE`: a path, relative to the bundle folder when not absolute;
 * 3. `exporter.yaml` in the bundle folder (`LAMBDA_TASK_ROOT`, else the current directory).
 * A variable that is set but unusable is an error, never a fall-through:
 * silently loading another config would be worse than failing.
 *
 * @throws ConfigError when nothing is found (naming all three places) or the chosen source cannot be read.
 */
export async function locateConfig(
  env: Record<string, string | undefined>,
  deps: LocateDeps = {},
): Promise<ConfigLocation> {
  const readFile = deps.readFile ?? defaultReadFile;
  const bundleDir = nonEmpty(env.LAMBDA_TASK_ROOT) ?? (deps.cwd ?? process.cwd)();

  const inline = nonEmpty(env.SKE_CONFIG);
  if (inline !== undefined) {
    if (!looksInline(inline)) {
      throw new ConfigError([
        {
          path: 'SKE_CONFIG',
          message:
            'expected inline YAML (several lines, or a mapping starting with "{"); got a single line: to name a file, set SKE_CONFIG_FILE',
        },
      ]);
    }
    return { source: 'SKE_CONFIG', yamlText: inline, baseDir: bundleDir };
  }

  const named = nonEmpty(env.SKE_CONFIG_FILE);
  if (named !== undefined) {
    const file = isAbsolute(named) ? named : resolve(bundleDir, named);
    const read = await readText(readFile, file);
    if (!read.ok) throw new ConfigError([{ path: 'SKE_CONFIG_FILE', message: read.message }]);
    return { source: file, yamlText: read.text, baseDir: resolve(file, '..') };
  }

  const bundled = join(bundleDir, 'exporter.yaml');
  const read = await readText(readFile, bundled);
  if (!read.ok) {
    const message = read.message.startsWith('file not found')
      ? `no exporter config found: set SKE_CONFIG to the YAML, set SKE_CONFIG_FILE to its path, or bundle exporter.yaml at ${bundled}`
      : read.message;
    throw new ConfigError([{ path: 'config', message }]);
  }
  return { source: bundled, yamlText: read.text, baseDir: bundleDir };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
