import { createExporter, type Exporter } from '../../lib/exporter/index.ts';
import type { ExportInput } from '../../lib/messages/index.ts';
import { createSecretCache } from '../../lib/secrets/index.ts';
import { secretsClient } from './aws.ts';

export interface TestExporter {
  exporter: Exporter;
  /** Every log and metric line the exporter wrote. */
  lines: string[];
}

/**
 * An exporter as a handler would build it, configured by YAML text (SKE_CONFIG),
 * with a fresh secret cache talking to the emulator, and its output captured.
 */
export function testExporter(yaml: string, env: Record<string, string> = {}): TestExporter {
  const lines: string[] = [];
  const exporter = createExporter({
    env: { SKE_CONFIG: yaml, ...env },
    secrets: createSecretCache({ client: secretsClient() }),
    write: (line) => lines.push(line),
  });
  return { exporter, lines };
}

/** Wraps plain messages as export inputs. */
export const inputs = (...messages: unknown[]): ExportInput[] => messages.map((message) => ({ message }));

export const inTenSeconds = () => ({ deadline: Date.now() + 10_000 });
