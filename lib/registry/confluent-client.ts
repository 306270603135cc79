import { SchemaRegistryError } from './errors.ts';
import type { RegisteredSchema, RegistryClient, RegistryFormat } from './types.ts';

export interface ConfluentClientOptions {
  url: string;
  basicAuth?: { username: string; password: string };
  fetch?: typeof fetch;
  /** Timeout of one request. Default 10 s. */
  timeoutMs?: number;
}

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';
/** Confluent's `schemaType`; AVRO is the default and may be left out (older registries know no other). */
const SCHEMA_TYPES: Record<RegistryFormat, string | undefined> = { avro: undefined, json_schema: 'JSON' };

/** Confluent's wire format: magic byte 0, then the schema id as a big-endian int32. */
export function confluentHeader(id: number): Buffer {
  const header = Buffer.alloc(5);
  header.writeInt32BE(id, 1);
  return header;
}

/**
 * The Confluent Schema Registry REST API (Confluent Platform, Confluent Cloud,
 * Apicurio's ccompat API, Redpanda, Karapace): register or look up a schema
 * under a subject, or take the subject's latest version.
 */
export function confluentClient(options: ConfluentClientOptions): RegistryClient {
  const base = options.url.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const headers: Record<string, string> = { accept: CONTENT_TYPE, 'content-type': CONTENT_TYPE };
  if (options.basicAuth) {
    const { username, password } = options.basicAuth;
    headers.authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  }

  async function call(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<Record<string, unknown>> {
    const what = `${method} ${base}${path}`;
    let res: Response;
    try {
      res = await doFetch(`${base}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
    } catch (err) {
      throw new SchemaRegistryError(`schema registry unreachable: ${what}: ${(err as Error).message}`, {
        cause: err,
        code: 'SCHEMA_REGISTRY_UNREACHABLE',
      });
    }
    const text = await res.text();
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // An error page, not the API's JSON: reported by status below.
    }
    if (res.ok) return json;
    const reason = typeof json.message === 'string' ? json.message : text.slice(0, 200);
    throw new SchemaRegistryError(`schema registry answered ${res.status} to ${what}: ${reason}`, {
      code: res.status === 404 ? 'SCHEMA_NOT_FOUND' : `SCHEMA_REGISTRY_${res.status}`,
    });
  }

  const registered = (json: Record<string, unknown>, definition: string): RegisteredSchema => {
    if (typeof json.id !== 'number')
      throw new SchemaRegistryError(
        `schema registry gave no schema id (${JSON.stringify(json).slice(0, 200)})`,
      );
    return { definition, header: confluentHeader(json.id), label: `id ${json.id}` };
  };

  return {
    identity: `confluent ${base}`,
    async schemaFor(subject, format, definition, register) {
      const path = `/subjects/${encodeURIComponent(subject)}`;
      if (definition === undefined) {
        const latest = await call('GET', `${path}/versions/latest`);
        if (typeof latest.schema !== 'string')
          throw new SchemaRegistryError(`schema registry gave no schema for ${subject}`);
        const type = (latest.schemaType as string | undefined) ?? 'AVRO';
        if (type !== (SCHEMA_TYPES[format] ?? 'AVRO'))
          throw new SchemaRegistryError(`subject ${subject} holds a ${type} schema, not ${format}`, {
            code: 'SCHEMA_FORMAT_MISMATCH',
          });
        return registered(latest, latest.schema);
      }
      const schemaType = SCHEMA_TYPES[format];
      const body = { schema: definition, ...(schemaType ? { schemaType } : {}) };
      // Registering a schema the subject already has returns its id: one request either way.
      return registered(await call('POST', register ? `${path}/versions` : path, body), definition);
    },
  };
}
