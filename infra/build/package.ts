/**
 * `npm run package`: validates the exporter config, bundles every function
 * and writes dist/zips/<function>.zip holding exactly the bundle, the config
 * (as exporter.yaml) and the ssl_config files it names by relative path.
 * Then `osls package` turns them into CloudFormation (see serverless.yml).
 *
 * The config comes from SKE_PACKAGE_CONFIG, else ./exporter.yaml. The
 * repository's Serverless plugin (infra/serverless/plugin.mjs) runs this before
 * `osls package` and `osls deploy`, so `npm run package` is only an alias.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, resolve } from 'node:path';
import { formatIssue, validateConfig } from '../../lib/config/index.ts';
import { ROOT } from '../stack/layout.ts';
import { type Bundle, bundleFunctions, DIST_DIR } from './bundle.ts';
import { createZip, type ZipEntry } from './zip.ts';

/** ssl_config files named by a relative path: they must travel with the bundle. */
function sslFiles(config: Record<string, unknown>, baseDir: string): ZipEntry[] {
  const ssl = config.ssl_config as Record<string, unknown> | undefined;
  if (!ssl) return [];
  return ['cafile', 'certfile', 'keyfile'].flatMap((key) => {
    const value = ssl[key];
    if (
      typeof value !== 'string' ||
      value.includes('-----BEGIN') ||
      value.includes('{{') ||
      isAbsolute(value)
    )
      return [];
    const name = normalize(value);
    if (name.startsWith('..'))
      throw new Error(`ssl_config.${key}: ${value} is outside the config's folder; it cannot be packaged`);
    return [{ name, data: readFileSync(join(baseDir, value)) }];
  });
}

/** The config to package: SKE_PACKAGE_CONFIG (from the current directory), else the repository's exporter.yaml. */
export function packageConfigPath(env: Record<string, string | undefined> = process.env): string {
  return resolve(env.SKE_PACKAGE_CONFIG || join(ROOT, 'exporter.yaml'));
}

/** Builds dist/zips/<function>.zip for every function; `warn` receives the config's warnings. */
export async function packageFunctions(
  configPath: string,
  warn: (text: string) => void = (text) => console.warn(text),
): Promise<
  Array<{
    name: string;
    zip: string;
    bytes: number;
    bundleBytes: number;
    startupBytes: number;
    chunks: Bundle['chunks'];
  }>
> {
  if (!existsSync(configPath)) {
    throw new Error(
      `no exporter config at ${configPath}: create exporter.yaml (see README) or set SKE_PACKAGE_CONFIG`,
    );
  }
  const text = readFileSync(configPath, 'utf8');
  const { config, errors, warnings } = validateConfig(text, configPath);
  for (const w of warnings) warn(`warning: ${formatIssue(w)}`);
  if (!config) throw new Error(`${configPath} is not valid:\n${errors.map(formatIssue).join('\n')}`);
  const extras = sslFiles(config, dirname(resolve(configPath)));
  const out = [];
  for (const bundle of await bundleFunctions()) {
    const zip = join(DIST_DIR, 'zips', `${bundle.name}.zip`);
    mkdirSync(dirname(zip), { recursive: true });
    const data = createZip([
      { name: 'index.mjs', data: readFileSync(bundle.file) },
      // Chunks load only when the config needs them (codecs, schema registry); they travel in every zip.
      ...bundle.chunks.map((c) => ({ name: c.name, data: readFileSync(c.file) })),
      { name: 'exporter.yaml', data: Buffer.from(text) },
      ...extras,
    ]);
    writeFileSync(zip, data);
    out.push({
      name: bundle.name,
      zip,
      bytes: data.length,
      bundleBytes: bundle.bytes,
      startupBytes: bundle.startupBytes,
      chunks: bundle.chunks,
    });
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    for (const z of await packageFunctions(packageConfigPath())) {
      console.log(
        `${z.name.padEnd(8)} bundle ${(z.startupBytes / 1024).toFixed(0).padStart(4)} KB  zip ${(z.bytes / 1024).toFixed(0).padStart(4)} KB  ${z.zip}`,
      );
    }
  } catch (err) {
    console.error(`package: ${(err as Error).message}`);
    process.exitCode = 1;
  }
}
