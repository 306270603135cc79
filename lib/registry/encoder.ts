import type { SchemaRegistryConfig } from '../config/registry-schema.ts';
import type { NotDelivered, ProduceRecord } from '../kafka/index.ts';
import { toNotDelivered } from '../kafka/index.ts';
import { confluentClient } from './confluent-client.ts';
import { SchemaMismatchError, SchemaRegistryError } from './errors.ts';
import { type GlueClientOptions, glueClient } from './glue-client.ts';
import { type ReadySchema, schemas } from './schema-cache.ts';
import { type Part, subjectFor } from './subjects.ts';
import type { RegistryClient, SchemaCodec } from './types.ts';

export interface RegistryDeps {
  fetch?: typeof fetch;
  /** Builds the Glue client (tests point it at the emulator). */
  createGlueClient?: GlueClientOptions['createClient'];
}

/** A record ready for Kafka, or why its message cannot be encoded. */
export type Encoded = { ok: true; record: ProduceRecord } | NotDelivered;

export interface RecordEncoder {
  /** Encodes each record's value (and key, when configured); never throws, one result per record. */
  encode(records: readonly ProduceRecord[]): Promise<Encoded[]>;
}

function definitionText(schema: unknown): string | undefined {
  if (schema === undefined) return undefined;
  return typeof schema === 'string' ? schema : JSON.stringify(schema);
}

async function compile(format: SchemaRegistryConfig['format'], definition: string): Promise<SchemaCodec> {
  try {
    return format === 'avro'
      ? (await import('./avro-codec.ts')).avroCodec(definition)
      : (await import('./json-schema-codec.ts')).jsonSchemaCodec(definition);
  } catch (err) {
    throw new SchemaRegistryError(`the ${format} schema cannot be used: ${(err as Error).message}`, {
      cause: err,
      code: 'SCHEMA_INVALID',
    });
  }
}

function toText(data: string | Buffer): string {
  return typeof data === 'string' ? data : data.toString('utf8');
}

/**
 * Encodes records in the registry's wire format (Confluent: magic byte 0 and
 * the schema id; Glue: header version 3, compression 0, the schema version's
 * UUID), values always and keys with `keys: true`. A value that does not
 * match its schema is that record's error (SCHEMA_MISMATCH, not retriable, so
 * it goes to the dead-letter topic when one is set); a registry that cannot
 * be reached fails only the records that needed it, as retriable.
 */
export function createRecordEncoder(config: SchemaRegistryConfig, deps: RegistryDeps = {}): RecordEncoder {
  const client: RegistryClient = config.glue
    ? glueClient({
        registryName: config.glue.registry_name,
        ...(config.glue.region ? { region: config.glue.region } : {}),
        ...(deps.createGlueClient ? { createClient: deps.createGlueClient } : {}),
      })
    : confluentClient({
        url: config.url!,
        ...(config.basic_auth ? { basicAuth: config.basic_auth } : {}),
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
      });
  const given: Record<Part, string | undefined> = {
    value: definitionText(config.value_schema),
    key: definitionText(config.key_schema),
  };
  /** The codecs of the configured schemas, for their record names (record naming strategies). */
  const local = new Map<Part, Promise<SchemaCodec>>();
  const localCodec = (part: Part, definition: string) => {
    let codec = local.get(part);
    if (!codec) {
      codec = compile(config.format, definition);
      local.set(part, codec);
    }
    return codec;
  };

  async function schemaOf(topic: string, part: Part): Promise<ReadySchema> {
    const definition = given[part];
    const recordName = definition === undefined ? undefined : (await localCodec(part, definition)).recordName;
    const subject = subjectFor(config, topic, part, recordName);
    const key = JSON.stringify([
      client.identity,
      config.format,
      subject,
      definition ?? null,
      config.auto_register,
    ]);
    let ready = schemas.get(key);
    if (!ready) {
      ready = (async () => {
        const registered = await client.schemaFor(subject, config.format, definition, config.auto_register);
        const codec =
          definition === registered.definition
            ? await localCodec(part, definition)
            : await compile(config.format, registered.definition);
        return { registered, codec };
      })();
      schemas.set(key, ready);
      ready.catch(() => {
        if (schemas.get(key) === ready) schemas.delete(key);
      });
    }
    return ready;
  }

  function encodeWith(schema: ReadySchema, part: Part, data: string | Buffer): Buffer {
    const text = toText(data);
    let value: unknown;
    if (part === 'key' && schema.codec.isString) value = text;
    else {
      try {
        value = JSON.parse(text);
      } catch {
        throw new SchemaMismatchError(`${part} is not JSON, so it cannot be encoded with a schema`);
      }
    }
    const jsonText = part === 'key' && schema.codec.isString ? JSON.stringify(text) : text;
    try {
      return Buffer.concat([schema.registered.header, schema.codec.encode(value, jsonText)]);
    } catch (err) {
      if (err instanceof SchemaMismatchError)
        throw new SchemaMismatchError(`${part} ${err.message} (schema ${schema.registered.label})`);
      throw err;
    }
  }

  async function encodeOne(record: ProduceRecord): Promise<Encoded> {
    try {
      const value = encodeWith(await schemaOf(record.topic, 'value'), 'value', record.value);
      const key =
        config.keys && record.key !== null
          ? encodeWith(await schemaOf(record.topic, 'key'), 'key', record.key)
          : record.key;
      return { ok: true, record: { ...record, key, value } };
    } catch (err) {
      return toNotDelivered(err);
    }
  }

  return {
    encode: (records) => Promise.all(records.map(encodeOne)),
  };
}
