import { resolve } from 'node:path';
import { createExporter, type Exporter } from '../exporter/index.ts';
import { createLogger } from '../observability/index.ts';

/**
 * Points the exporter (and handlers loaded afterwards) at a config file, the
 * way the packaged function finds exporter.yaml: through SKE_CONFIG_FILE.
 * Without --config the usual rule applies (SKE_CONFIG, SKE_CONFIG_FILE, ./exporter.yaml).
 */
export function useConfig(config: string | true | undefined): void {
  if (typeof config === 'string') {
    process.env.SKE_CONFIG_FILE = resolve(config);
    delete process.env.SKE_CONFIG;
  }
  // Command-line runs print results, not the function's JSON logs and metric lines.
  process.env.LOG_LEVEL ??= 'warn';
  process.env.SKE_METRICS ??= 'off';
  process.env.SKE_LOG_STREAM = 'stderr';
}

/** An exporter for one command-line run, logging warnings to standard error. */
export function cliExporter(): Exporter {
  return createExporter({
    logger: createLogger({ level: 'warn', write: (line) => process.stderr.write(`${line}\n`) }),
  });
}
