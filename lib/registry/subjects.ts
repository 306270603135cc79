import type { SchemaRegistryConfig } from '../config/registry-schema.ts';

export type Part = 'key' | 'value';

/**
 * The subject (Confluent) or schema name (Glue) of a topic's keys or values.
 *
 * - `topic`: Confluent's TopicNameStrategy, `<topic>-value` / `<topic>-key`.
 *   On Glue, values use the topic itself as the schema name (the AWS serde's
 *   default naming) and keys `<topic>-key`.
 * - `record`: the record's full name (Avro namespace.name, JSON Schema title).
 * - `topic_record`: `<topic>-<record name>`.
 */
export function subjectFor(
  config: Pick<SchemaRegistryConfig, 'subject_name_strategy' | 'glue'>,
  topic: string,
  part: Part,
  recordName: string | undefined,
): string {
  const strategy = config.subject_name_strategy;
  if (strategy === 'topic') return config.glue && part === 'value' ? topic : `${topic}-${part}`;
  if (recordName === undefined)
    throw new Error(
      `subject_name_strategy ${strategy} needs a schema with a name (Avro name, JSON Schema title)`,
    );
  return strategy === 'record' ? recordName : `${topic}-${recordName}`;
}
