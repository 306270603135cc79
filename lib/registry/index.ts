export { confluentHeader } from './confluent-client.ts';
export {
  createRecordEncoder,
  type Encoded,
  type RecordEncoder,
  type RegistryDeps,
  resetSchemaCache,
} from './encoder.ts';
export { SchemaMismatchError, SchemaRegistryError } from './errors.ts';
export { glueHeader } from './glue-client.ts';
