import type { SchemaRegistryConfig } from '../config/registry-schema.ts';
import type { RecordEncoder, RegistryDeps } from './encoder.ts';

/**
 * The record encoder for `schema_registry`, imported on first use: configs
 * without a registry never load the registry code (a chunk of its own in the
 * function bundles), and those with one load it once per container.
 */
export function lazyRecordEncoder(
  config: SchemaRegistryConfig,
  deps: RegistryDeps = {},
): () => Promise<RecordEncoder> {
  let encoder: Promise<RecordEncoder> | undefined;
  return () => {
    encoder ??= import('./encoder.ts').then((m) => m.createRecordEncoder(config, deps));
    encoder.catch(() => {
      encoder = undefined;
    });
    return encoder;
  };
}
