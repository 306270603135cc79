/** What a registry knows of one schema version: its definition and the header that names it on the wire. */
export interface RegisteredSchema {
  /** The schema's text as the registry holds it. */
  definition: string;
  /** Wire-format prefix: Confluent's magic byte and id, or Glue's version, compression and version UUID. */
  header: Buffer;
  /** How to refer to it in messages (`id 7`, `version 1b4e...`). */
  label: string;
}

export type RegistryFormat = 'avro' | 'json_schema';

/** A Confluent-compatible registry or Glue: finds (or registers) the schema of a subject. */
export interface RegistryClient {
  /** Identifies the registry in the module-level cache (URL, or Glue registry and region). */
  readonly identity: string;
  /**
   * The version of `subject` whose definition is `definition` (registered
   * first when `register` and missing), or the subject's latest version when
   * no definition is given.
   */
  schemaFor(
    subject: string,
    format: RegistryFormat,
    definition: string | undefined,
    register: boolean,
  ): Promise<RegisteredSchema>;
}

/** A compiled schema: checks a value and writes it in the format's binary form. */
export interface SchemaCodec {
  /** The record's full name (Avro namespace.name, JSON Schema title), for the record naming strategies. */
  recordName?: string;
  /** True when the schema is a plain string (keys are then taken as text, not JSON). */
  isString: boolean;
  /** The payload after the header; throws SchemaMismatchError with the first problems and where. */
  encode(value: unknown, jsonText: string): Buffer;
}
