import type { GetSchemaVersionCommandOutput, GlueClient } from '@aws-sdk/client-glue';
import { SchemaRegistryError } from './errors.ts';
import type { RegisteredSchema, RegistryClient, RegistryFormat } from './types.ts';

export interface GlueClientOptions {
  registryName: string;
  region?: string;
  /** Builds the Glue client (the AWS SDK's, endpoint and credentials from the environment by default). */
  createClient?: (region: string | undefined) => Promise<GlueClient> | GlueClient;
  /** How long a newly registered version may stay PENDING before giving up. Default 10 s. */
  pendingTimeoutMs?: number;
}

const DATA_FORMATS: Record<RegistryFormat, 'AVRO' | 'JSON'> = { avro: 'AVRO', json_schema: 'JSON' };
const GLUE_HEADER_VERSION = 3;
const GLUE_COMPRESSION_NONE = 0;

/** Glue's wire format: header version 3, compression 0 (none), the schema version's UUID (16 bytes). */
export function glueHeader(schemaVersionId: string): Buffer {
  const uuid = Buffer.from(schemaVersionId.replace(/-/g, ''), 'hex');
  if (uuid.length !== 16)
    throw new SchemaRegistryError(`Glue gave a schema version id that is not a UUID: ${schemaVersionId}`);
  return Buffer.concat([Buffer.from([GLUE_HEADER_VERSION, GLUE_COMPRESSION_NONE]), uuid]);
}

function wrap(err: unknown, what: string): SchemaRegistryError {
  const e = err as {
    name?: string;
    message?: string;
  };
  return new SchemaRegistryError(
    `Glue Schema Registry: ${what}: ${e.name ?? 'Error'}: ${e.message ?? String(err)}`,
    {
      cause: err,
      code: e.name === 'EntityNotFoundException' ? 'SCHEMA_NOT_FOUND' : 'SCHEMA_REGISTRY_ERROR',
    },
  );
}

const isNotFound = (err: unknown) => (err as { name?: string }).name === 'EntityNotFoundException';

/**
 * AWS Glue Schema Registry: the schema version whose definition is given
 * (GetSchemaByDefinition; registered with RegisterSchemaVersion, or the
 * schema created with CreateSchema, when missing), or the latest version.
 */
export function glueClient(options: GlueClientOptions): RegistryClient {
  let client: Promise<GlueClient> | undefined;
  const glue = () => {
    client ??= Promise.resolve(
      options.createClient
        ? options.createClient(options.region)
        : import('@aws-sdk/client-glue').then(
            (m) => new m.GlueClient(options.region ? { region: options.region } : {}),
          ),
    );
    return client;
  };
  const sdk = () => import('@aws-sdk/client-glue');
  const RegistryName = options.registryName;

  async function waitAvailable(SchemaVersionId: string, status: string | undefined): Promise<void> {
    const { GetSchemaVersionCommand } = await sdk();
    const until = Date.now() + (options.pendingTimeoutMs ?? 10_000);
    while (status === 'PENDING' && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      status = (await (await glue()).send(new GetSchemaVersionCommand({ SchemaVersionId }))).Status;
    }
    if (status !== 'AVAILABLE')
      throw new SchemaRegistryError(
        `Glue schema version ${SchemaVersionId} is ${status ?? 'in no known state'}, not AVAILABLE`,
        {},
      );
  }

  async function versionOf(
    SchemaName: string,
    format: RegistryFormat,
    SchemaDefinition: string,
    register: boolean,
  ) {
    const m = await sdk();
    const c = await glue();
    const SchemaId = { RegistryName, SchemaName };
    try {
      const found = await c.send(new m.GetSchemaByDefinitionCommand({ SchemaId, SchemaDefinition }));
      return { id: found.SchemaVersionId!, status: found.Status };
    } catch (err) {
      if (!isNotFound(err) || !register) throw wrap(err, `finding ${SchemaName} by its definition`);
    }
    try {
      const added = await c.send(new m.RegisterSchemaVersionCommand({ SchemaId, SchemaDefinition }));
      return { id: added.SchemaVersionId!, status: added.Status };
    } catch (err) {
      if (!isNotFound(err)) throw wrap(err, `registering a version of ${SchemaName}`);
    }
    try {
      const created = await c.send(
        new m.CreateSchemaCommand({
          RegistryId: { RegistryName },
          SchemaName,
          DataFormat: DATA_FORMATS[format],
          Compatibility: 'BACKWARD',
          SchemaDefinition,
        }),
      );
      return { id: created.SchemaVersionId!, status: created.SchemaVersionStatus };
    } catch (err) {
      throw wrap(err, `creating schema ${SchemaName} in registry ${RegistryName}`);
    }
  }

  return {
    identity: `glue ${options.region ?? '(default region)'} ${RegistryName}`,
    async schemaFor(SchemaName, format, definition, register): Promise<RegisteredSchema> {
      if (definition !== undefined) {
        const { id, status } = await versionOf(SchemaName, format, definition, register);
        await waitAvailable(id, status);
        return { definition, header: glueHeader(id), label: `version ${id}` };
      }
      const { GetSchemaVersionCommand } = await sdk();
      let latest: GetSchemaVersionCommandOutput;
      try {
        latest = await (await glue()).send(
          new GetSchemaVersionCommand({
            SchemaId: { RegistryName, SchemaName },
            SchemaVersionNumber: { LatestVersion: true },
          }),
        );
      } catch (err) {
        throw wrap(err, `reading the latest version of ${SchemaName}`);
      }
      if (latest.DataFormat !== DATA_FORMATS[format])
        throw new SchemaRegistryError(`Glue schema ${SchemaName} is ${latest.DataFormat}, not ${format}`, {
          code: 'SCHEMA_FORMAT_MISMATCH',
        });
      return {
        definition: latest.SchemaDefinition!,
        header: glueHeader(latest.SchemaVersionId!),
        label: `version ${latest.SchemaVersionId}`,
      };
    },
  };
}
