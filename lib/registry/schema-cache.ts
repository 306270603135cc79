import type { RegisteredSchema, SchemaCodec } from './types.ts';

/** A subject's schema as the registry gave it, compiled. */
export interface ReadySchema {
  registered: RegisteredSchema;
  codec: SchemaCodec;
}

/**
 * Schemas found or registered, for the life of the container: one lookup per
 * registry, subject and definition, shared by concurrent callers; a failed
 * lookup is forgotten (by the encoder) so the next batch asks again.
 */
export const schemas = new Map<string, Promise<ReadySchema>>();

/** Forgets every cached schema (tests: see resetWarmState). */
export function resetSchemaCache(): void {
  schemas.clear();
}
