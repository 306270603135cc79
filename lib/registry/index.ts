export { confluentHeader } from './confluent-client.ts';
export { createRecordEncoder, type Encoded, type RecordEncoder, type RegistryDeps } from './encoder.ts';
export { SchemaMismatchError, SchemaRegistryError } from './errors.ts';
export { glueHeader } from './glue-client.ts';
export { resetSchemaCache } from './schema-cache.ts';
