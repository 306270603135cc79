import type { Schema } from 'avsc';
import avsc from 'avsc/etc/browser/avsc-types.js';
import { SchemaMismatchError } from './errors.ts';
import type { SchemaCodec } from './types.ts';

const MAX_PROBLEMS = 3;

function describe(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) return 'nothing';
  return text.length > 60 ? `${text.slice(0, 60)}...` : text;
}

function typeName(type: { typeName: string; name?: string | undefined }): string {
  return type.name ?? type.typeName;
}

/**
 * Avro binary encoding of JSON values. Unions take plain values where that is
 * unambiguous (["null", "string"] takes null or a string); missing fields get
 * their defaults. JSON has no bytes: a bytes or fixed field takes a string
 * whose characters are its bytes, as Avro's own JSON encoding writes them.
 */
export function avroCodec(definition: string): SchemaCodec {
  const type = avsc.Type.forSchema(JSON.parse(definition) as Schema, { wrapUnions: 'auto' });
  const named = type as unknown as { name?: string; typeName: string };
  return {
    ...(named.name !== undefined ? { recordName: named.name } : {}),
    isString: named.typeName === 'string',
    encode(value) {
      const problems = (candidate: unknown): string[] => {
        const found: string[] = [];
        type.isValid(candidate, {
          errorHook(path, got, expected) {
            if (found.length < MAX_PROBLEMS)
              found.push(
                `${path.length > 0 ? path.join('.') : '(the value)'}: expected ${typeName(expected as never)}; got ${describe(got)}`,
              );
          },
        });
        return found;
      };
      const mismatch = (what: string) =>
        new SchemaMismatchError(`does not match the Avro schema ${typeName(named)}: ${what}`);
      let filled: unknown;
      try {
        // Fills in defaults for missing fields (and takes strings for bytes).
        filled = type.clone(value, { coerceBuffers: true });
      } catch (err) {
        // clone says what is wrong but not where: the check of the value as given says where.
        const found = problems(value);
        throw mismatch(found.length > 0 ? found.join('; ') : (err as Error).message);
      }
      const found = problems(filled);
      if (found.length > 0) throw mismatch(found.join('; '));
      return type.toBuffer(filled);
    },
  };
}
