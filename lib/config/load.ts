import { checkDocument } from './check.ts';
import { coerceTemplatedScalars } from './coerce.ts';
import { ConfigError, type ConfigIssue } from './errors.ts';
import { defaultReadFile, type ReadTextFile } from './files.ts';
import { type ConfigLocation, type LocateDeps, locateConfig } from './locate.ts';
import { formatPath, isMapping } from './paths.ts';
import { type ResolvedConfig, toResolvedConfig } from './resolved.ts';
import { loadSslFiles } from './ssl-files.ts';
import { findTemplates, resolveTemplates, type TemplateResolver } from './templates.ts';
import { parseYaml } from './yaml.ts';

/**
 * exporter.yaml as written, after validation: a mapping with known keys whose
 * values may still hold `{{ ... }}` templates. Empty values are dropped.
 */
export type RawConfig = Record<string, unknown>;

export interface ValidationResult {
  /** Present when there are no errors. */
  config?: RawConfig;
  errors: ConfigIssue[];
  warnings: ConfigIssue[];
}

/**
 * Checks exporter.yaml text without contacting anything: YAML syntax, every
 * key, every cross-field rule. Templates pass in place of any scalar; their
 * values are checked by {@link resolveConfig}. Lists every error, each as
 * `path: expected ...; got X`.
 *
 * @param source names the text in YAML syntax errors (`exporter.yaml:3:5`).
 */
export function validateConfig(yamlText: string, source?: string): ValidationResult {
  const parsed = parseYaml(yamlText, source);
  if (!parsed.ok) return { errors: parsed.errors, warnings: [] };
  const { errors, warnings } = checkDocument(parsed.doc, { phase: 'unresolved' });
  return errors.length === 0 ? { config: parsed.doc, errors, warnings } : { errors, warnings };
}

export interface ResolveDeps extends TemplateResolver {
  /** Defaults to `fs.promises.readFile`. */
  readFile?: ReadTextFile;
  /** Folder that relative ssl_config paths start from. Defaults to the current directory. */
  baseDir?: string;
}

/**
 * Turns a validated config into the one the Kafka layer uses: resolves
 * templates (secrets fetched once each, concurrently), validates the final
 * values strictly, and reads ssl_config files into PEM text.
 *
 * @throws ConfigError with every issue found (never showing secret values).
 */
export async function resolveConfig(raw: RawConfig, deps: ResolveDeps): Promise<ResolvedConfig> {
  if (!isMapping(raw))
    throw new ConfigError([{ path: '(root)', message: 'expected a mapping of exporter settings' }]);
  const templated = findTemplates(raw).values;
  const secretPaths = new Set(
    templated.filter((value) => value.usesSecret).map((value) => formatPath(value.path)),
  );
  const values = await resolveTemplates(raw, deps);
  const doc = coerceTemplatedScalars(
    values,
    templated.map((value) => value.path),
  ) as RawConfig;

  const checked = checkDocument(doc, { phase: 'resolved', secretPaths });
  if (checked.config === undefined) throw new ConfigError(checked.errors);
  const config = checked.config;

  const usesTls = config.security_protocol === 'SSL' || config.security_protocol === 'SASL_SSL';
  const files =
    usesTls && config.ssl_config !== undefined
      ? await loadSslFiles(config.ssl_config, {
          readFile: deps.readFile ?? defaultReadFile,
          baseDir: deps.baseDir ?? process.cwd(),
          secretPaths,
        })
      : {};
  return toResolvedConfig(config, files);
}

export interface LoadDeps extends Omit<ResolveDeps, 'baseDir'>, LocateDeps {
  /** Finds the config text (default {@link locateConfig}). */
  locate?: (env: Record<string, string | undefined>, deps?: LocateDeps) => Promise<ConfigLocation>;
  /** Receives each warning (a setting that is ignored, credentials sent in clear) and where the config came from. */
  onWarning?: (warning: ConfigIssue, source: string) => void;
}

/**
 * The one config orchestration: finds the config with {@link locateConfig}
 * (SKE_CONFIG, then SKE_CONFIG_FILE, then the bundled exporter.yaml),
 * validates it, reports warnings and resolves it. Relative ssl_config paths
 * start from the file's folder. What the exporter runs at every cold start and
 * config refresh.
 *
 * @throws ConfigError with every issue found.
 */
export async function loadConfig(deps: LoadDeps): Promise<ResolvedConfig> {
  const location = await (deps.locate ?? locateConfig)(deps.env, deps);
  const { config, errors, warnings } = validateConfig(location.yamlText, location.source);
  if (config === undefined) throw new ConfigError(errors);
  for (const warning of warnings) deps.onWarning?.(warning, location.source);
  return resolveConfig(config, { ...deps, baseDir: location.baseDir });
}
