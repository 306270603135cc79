/**
 * A Confluent-compatible schema registry for the local stack: the part of
 * Confluent Schema Registry's REST API that producers and deserializers use,
 * in memory. It stands in for Apicurio Registry, whose runnable application
 * cannot be built from Maven Central (see README.md, "Schema registry").
 *
 * Faithful to Confluent in what clients see: global schema ids (the same
 * schema gets the same id under every subject), versions per subject,
 * re-registering returns the existing id, `schemaType` left out for AVRO,
 * error bodies `{error_code, message}` with Confluent's codes (40401 subject
 * not found, 40402 version not found, 40403 schema not found, 42201 invalid
 * schema, 409 incompatible), Avro schemas parsed and checked for BACKWARD
 * compatibility (the default) with avsc's schema resolution, optional basic
 * auth. Not implemented: references, modes, config and compatibility
 * endpoints, deletes, persistence (a restart forgets every schema).
 *
 * Env: REGISTRY_PORT, REGISTRY_BASIC_AUTH ("user:password", optional).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import avsc from 'avsc/etc/browser/avsc-types.js';

type SchemaType = 'AVRO' | 'JSON';
interface Stored {
  id: number;
  schema: string;
  schemaType: SchemaType;
}

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';
const byId = new Map<number, Stored>();
const byCanonical = new Map<string, Stored>();
/** Subject -> the schema id of each version (version n at index n - 1). */
const subjects = new Map<string, number[]>();

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

function canonical(schema: string, schemaType: SchemaType): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(schema);
  } catch {
    // An Avro schema may be a bare type name ("string"), which is not JSON text.
    parsed = schema;
  }
  if (schemaType === 'AVRO') {
    try {
      return `AVRO ${JSON.stringify(avsc.Type.forSchema(parsed as never).schema())}`;
    } catch (err) {
      throw new ApiError(422, 42201, `Invalid schema: ${(err as Error).message}`);
    }
  }
  if (typeof parsed !== 'object' && typeof parsed !== 'boolean')
    throw new ApiError(422, 42201, 'Invalid schema: a JSON schema must be an object or a boolean');
  return `JSON ${JSON.stringify(parsed)}`;
}

function view(subject: string, version: number, stored: Stored) {
  return {
    subject,
    version,
    id: stored.id,
    schema: stored.schema,
    ...(stored.schemaType === 'AVRO' ? {} : { schemaType: stored.schemaType }),
  };
}

/** BACKWARD: data written with the subject's latest schema can be read with the new one. */
function checkCompatible(subject: string, candidate: Stored): void {
  const versions = subjects.get(subject);
  const latest = versions ? byId.get(versions.at(-1)!) : undefined;
  if (latest?.schemaType !== 'AVRO' || candidate.schemaType !== 'AVRO') return;
  try {
    avsc.Type.forSchema(JSON.parse(candidate.schema)).createResolver(
      avsc.Type.forSchema(JSON.parse(latest.schema)),
    );
  } catch (err) {
    throw new ApiError(
      409,
      409,
      `Schema being registered is incompatible with an earlier schema for subject "${subject}": ${(err as Error).message}`,
    );
  }
}

function register(subject: string, body: { schema?: unknown; schemaType?: unknown }) {
  if (typeof body.schema !== 'string')
    throw new ApiError(422, 42201, 'Invalid schema: "schema" must be a string');
  const schemaType = (body.schemaType ?? 'AVRO') as SchemaType;
  if (schemaType !== 'AVRO' && schemaType !== 'JSON')
    throw new ApiError(
      422,
      42201,
      `Invalid schema type ${String(schemaType)} (this registry knows AVRO and JSON)`,
    );
  const key = canonical(body.schema, schemaType);
  const versions = subjects.get(subject) ?? [];
  const known = byCanonical.get(key);
  if (known && versions.includes(known.id)) return { id: known.id };
  const stored = known ?? { id: byId.size + 1, schema: body.schema, schemaType };
  checkCompatible(subject, stored);
  if (!known) {
    byId.set(stored.id, stored);
    byCanonical.set(key, stored);
  }
  versions.push(stored.id);
  subjects.set(subject, versions);
  return { id: stored.id };
}

function lookup(subject: string, body: { schema?: unknown; schemaType?: unknown }) {
  const versions = subjects.get(subject);
  if (!versions) throw new ApiError(404, 40401, `Subject '${subject}' not found.`);
  if (typeof body.schema !== 'string')
    throw new ApiError(422, 42201, 'Invalid schema: "schema" must be a string');
  const known = byCanonical.get(canonical(body.schema, (body.schemaType ?? 'AVRO') as SchemaType));
  const index = known ? versions.indexOf(known.id) : -1;
  if (!known || index === -1) throw new ApiError(404, 40403, 'Schema not found');
  return view(subject, index + 1, known);
}

function version(subject: string, which: string) {
  const versions = subjects.get(subject);
  if (!versions) throw new ApiError(404, 40401, `Subject '${subject}' not found.`);
  const n = which === 'latest' || which === '-1' ? versions.length : Number(which);
  const id = Number.isInteger(n) ? versions[n - 1] : undefined;
  if (id === undefined) throw new ApiError(404, 40402, `Version ${which} not found.`);
  return view(subject, n, byId.get(id)!);
}

async function route(method: string, path: string, body: Record<string, unknown>): Promise<unknown> {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (method === 'GET' && parts.length === 0) return {};
  if (method === 'GET' && path === '/subjects') return [...subjects.keys()];
  if (parts[0] === 'schemas' && parts[1] === 'ids' && parts.length === 3 && method === 'GET') {
    const stored = byId.get(Number(parts[2]));
    if (!stored) throw new ApiError(404, 40403, 'Schema not found');
    return {
      schema: stored.schema,
      ...(stored.schemaType === 'AVRO' ? {} : { schemaType: stored.schemaType }),
    };
  }
  if (parts[0] === 'subjects' && parts.length >= 2) {
    const subject = parts[1]!;
    if (parts.length === 2 && method === 'POST') return lookup(subject, body);
    if (parts[2] === 'versions' && parts.length === 3 && method === 'POST') return register(subject, body);
    if (parts[2] === 'versions' && parts.length === 3 && method === 'GET') {
      const versions = subjects.get(subject);
      if (!versions) throw new ApiError(404, 40401, `Subject '${subject}' not found.`);
      return versions.map((_, i) => i + 1);
    }
    if (parts[2] === 'versions' && parts.length === 4 && method === 'GET') return version(subject, parts[3]!);
  }
  throw new ApiError(404, 404, `HTTP 404 Not Found: ${method} ${path}`);
}

function authorized(req: IncomingMessage, expected: string | undefined): boolean {
  if (!expected) return true;
  return req.headers.authorization === `Basic ${Buffer.from(expected).toString('base64')}`;
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const data = JSON.stringify(body);
  res.writeHead(status, { 'content-type': CONTENT_TYPE, 'content-length': Buffer.byteLength(data) });
  res.end(data);
}

const basicAuth = process.env.REGISTRY_BASIC_AUTH || undefined;
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://registry');
      if (url.pathname !== '/' && !authorized(req, basicAuth))
        return reply(res, 401, { error_code: 401, message: 'Unauthorized' });
      try {
        const text = Buffer.concat(chunks).toString('utf8');
        const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
        reply(res, 200, await route(req.method ?? 'GET', url.pathname, body));
      } catch (err) {
        if (err instanceof ApiError) reply(res, err.status, { error_code: err.code, message: err.message });
        else reply(res, 500, { error_code: 50001, message: (err as Error).message });
      }
    })();
  });
});
server.listen(Number(process.env.REGISTRY_PORT ?? 8081), '127.0.0.1', () => {
  console.log(
    `Confluent-compatible schema registry on http://127.0.0.1:${process.env.REGISTRY_PORT ?? 8081}`,
  );
});
