import { type Schema, type SchemaDraft, Validator } from '@cfworker/json-schema';
import { SchemaMismatchError } from './errors.ts';
import type { SchemaCodec } from './types.ts';

const MAX_PROBLEMS = 3;
const AGGREGATES = new Set([
  'properties',
  'patternProperties',
  'additionalItems',
  'items',
  'prefixItems',
  'allOf',
  '$ref',
  '$dynamicRef',
  'if',
  'then',
  'else',
  'dependentSchemas',
]);
const DRAFTS: Array<[RegExp, SchemaDraft]> = [
  [/draft-04/, '4'],
  [/draft-07/, '7'],
  [/2019-09/, '2019-09'],
  [/2020-12/, '2020-12'],
];

/**
 * JSON Schema: the value is checked against the schema (the draft its
 * `$schema` names; 2020-12 when it names none) and sent as the sender's own
 * JSON text, which is what the JSON Schema wire format carries after its header.
 */
export function jsonSchemaCodec(definition: string): SchemaCodec {
  const schema = JSON.parse(definition) as Schema;
  const declared = typeof schema === 'object' && typeof schema.$schema === 'string' ? schema.$schema : '';
  const draft = DRAFTS.find(([pattern]) => pattern.test(declared))?.[1] ?? '2020-12';
  const validator = new Validator(schema, draft, false);
  const title = typeof schema === 'object' && typeof schema.title === 'string' ? schema.title : undefined;
  return {
    ...(title !== undefined ? { recordName: title } : {}),
    isString: typeof schema === 'object' && schema.type === 'string',
    encode(value, jsonText) {
      const result = validator.validate(value);
      if (!result.valid) {
        // Keywords such as properties and allOf only say that something under them failed.
        const own = result.errors.filter((e) => !AGGREGATES.has(e.keyword));
        const leaves = own.length > 0 ? own : result.errors;
        const problems = leaves
          .slice(0, MAX_PROBLEMS)
          .map((e) => `${e.instanceLocation.replace(/^#\/?/, '') || '(the value)'}: ${e.error}`);
        throw new SchemaMismatchError(
          `does not match the JSON schema${title ? ` ${title}` : ''}: ${problems.join('; ')}`,
        );
      }
      return Buffer.from(jsonText, 'utf8');
    },
  };
}
