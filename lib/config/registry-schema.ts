import * as z from 'zod/mini';

/*
 * `schema_registry` (an extension): record values, and keys when asked,
 * encoded in a schema registry's wire format. Either a Confluent-compatible
 * registry (`url`, optional `basic_auth`) or AWS Glue Schema Registry
 * (`glue.registry_name`, `glue.region`). See README.md, "Schema registry".
 */

export const REGISTRY_FORMATS = ['avro', 'json_schema'] as const;
export const SUBJECT_NAME_STRATEGIES = ['topic', 'record', 'topic_record'] as const;

const STRING = 'expected a string';
const NON_EMPTY = 'expected a non-empty string';
const BOOLEAN = 'expected true or false';
const MAPPING = 'expected a mapping';
const SCHEMA = 'expected the schema: JSON text, or a mapping';
const HTTP_URL = 'expected an http(s) URL';

const nonEmpty = () => z.string({ error: NON_EMPTY }).check(z.minLength(1, { error: NON_EMPTY }));

function isHttpUrl(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const url = new URL(text);
  return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
}

/** A schema written inline: its JSON text, or (for readability) the same as a YAML mapping or list. */
const SchemaTextSchema = z.union([z.string(), z.record(z.string(), z.unknown()), z.array(z.unknown())], {
  error: SCHEMA,
});

export const GlueRegistrySchema = z.strictObject(
  {
    registry_name: nonEmpty(),
    /** Default: the function's own region (AWS_REGION). */
    region: z.optional(nonEmpty()),
  },
  { error: MAPPING },
);

export const BasicAuthSchema = z.strictObject(
  { username: z.string({ error: STRING }), password: z.string({ error: STRING }) },
  { error: MAPPING },
);

export const SchemaRegistryConfigSchema = z.strictObject(
  {
    url: z.optional(z.string({ error: HTTP_URL }).check(z.refine(isHttpUrl, { error: HTTP_URL }))),
    basic_auth: z.optional(BasicAuthSchema),
    glue: z.optional(GlueRegistrySchema),
    format: z.enum(REGISTRY_FORMATS, { error: `expected one of ${REGISTRY_FORMATS.join(', ')}` }),
    subject_name_strategy: z._default(
      z.enum(SUBJECT_NAME_STRATEGIES, { error: `expected one of ${SUBJECT_NAME_STRATEGIES.join(', ')}` }),
      'topic',
    ),
    /** The values' schema; without it, the subject's latest registered version is used. */
    value_schema: z.optional(SchemaTextSchema),
    /** Encode keys too (as the key subject's schema says). */
    keys: z._default(z.boolean({ error: BOOLEAN }), false),
    key_schema: z.optional(SchemaTextSchema),
    /** Register a given schema when the registry does not have it yet (else it must be there). */
    auto_register: z._default(z.boolean({ error: BOOLEAN }), true),
  },
  { error: MAPPING },
);

/** The rules of `schema_registry` that involve more than one of its keys (see rules.ts). */
export function checkRegistryRules(
  registry: Record<string, unknown>,
  error: (path: string, message: string) => void,
): void {
  const has = (key: string) => registry[key] !== undefined;
  if (has('url') === has('glue'))
    error(
      'schema_registry',
      `expected either url (a Confluent-compatible registry) or glue (AWS Glue Schema Registry); got ${has('url') ? 'both' : 'neither'}`,
    );
  if (has('basic_auth') && !has('url'))
    error('schema_registry.basic_auth', 'is used only with url (a Confluent-compatible registry)');
  const strategy = registry.subject_name_strategy;
  if ((strategy === 'record' || strategy === 'topic_record') && !has('value_schema'))
    error(
      'schema_registry.value_schema',
      `is required with subject_name_strategy ${strategy}, which names the subject after the record's schema`,
    );
  if (has('key_schema') && registry.keys !== true)
    error('schema_registry.key_schema', 'is used only with keys: true');
}

export type SchemaRegistryConfig = z.output<typeof SchemaRegistryConfigSchema>;
