import type { ConfigIssue } from './errors.ts';
import { type ReadTextFile, readText } from './files.ts';

/**
 * What `npm run package` writes next to the config in every zip: the result
 * of validating that exact YAML text, so a cold start neither parses YAML nor
 * runs the unresolved-phase checks (at 256 MB, 14.5% of a core, parsing a
 * small exporter.yaml alone took about 130 ms). Templates are still resolved
 * and their values checked at run time, as without it.
 */
interface PackagedValidation {
  format: 1;
  /** The YAML text this validation was made from; any other text is validated afresh. */
  yaml: string;
  config: Record<string, unknown>;
  warnings: ConfigIssue[];
}

/** Where the packaged validation of the config file at `configPath` lives. */
export const packagedValidationPath = (configPath: string) => `${configPath}.validated.json`;

/** Deep equality of JSON-like values: what survives JSON.stringify/parse unchanged. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return typeof a !== 'number' || Number.isFinite(a);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b) || Object.getPrototypeOf(b) !== Object.getPrototypeOf(a))
    return false;
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length &&
    keys.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}

/**
 * The packaged validation for a valid config, as JSON; undefined when the
 * validated document holds a value JSON cannot carry unchanged (a YAML
 * timestamp read as a Date, `.inf`), which then is validated at run time.
 */
export function packageValidation(
  yamlText: string,
  result: { config?: Record<string, unknown>; warnings: ConfigIssue[] },
): string | undefined {
  if (result.config === undefined) return undefined;
  const packaged: PackagedValidation = {
    format: 1,
    yaml: yamlText,
    config: result.config,
    warnings: result.warnings,
  };
  const json = JSON.stringify(packaged);
  return sameJson(JSON.parse(json).config, result.config) ? json : undefined;
}

/**
 * The packaged validation of the config file `configPath` whose text is
 * `yamlText`, or undefined when there is none, it is unreadable, or it was
 * made from other text (the YAML was edited after packaging): the caller then
 * validates the YAML itself, so the result is the same either way.
 */
export async function readPackagedValidation(
  configPath: string,
  yamlText: string,
  readFile: ReadTextFile,
): Promise<{ config: Record<string, unknown>; warnings: ConfigIssue[] } | undefined> {
  const read = await readText(readFile, packagedValidationPath(configPath));
  if (!read.ok) return undefined;
  let packaged: Partial<PackagedValidation> | null;
  try {
    packaged = JSON.parse(read.text) as Partial<PackagedValidation> | null;
  } catch {
    return undefined;
  }
  if (packaged?.format !== 1 || packaged.yaml !== yamlText) return undefined;
  const { config, warnings } = packaged;
  if (typeof config !== 'object' || config === null || Array.isArray(config) || !Array.isArray(warnings))
    return undefined;
  return { config, warnings };
}
