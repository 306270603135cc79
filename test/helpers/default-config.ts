import * as z from 'zod/mini';
import { ExporterConfigSchema, type ResolvedConfig } from '../../lib/config/index.ts';
import { toResolvedConfig } from '../../lib/config/resolved.ts';

export { httpDefaults, s3Defaults } from '../../lib/config/trigger-schemas.ts';

/**
 * What a minimal exporter.yaml (`bootstrap_server: localhost:9092` and
 * `topic`) resolves to, from the schema's own defaults, so a test states only
 * what it changes. (test/unit/config/resolve.test.ts writes the defaults out:
 * it is the test of what they are.)
 */
export function defaultConfig(topic = 'events'): ResolvedConfig {
  return toResolvedConfig(z.parse(ExporterConfigSchema, { bootstrap_server: 'localhost:9092', topic }), {});
}
