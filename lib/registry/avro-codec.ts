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
      let filled: unknown;
      try {
        filled = type.clone(value, { coerceBuffers: true });
      } catch (err) {
        throw new SchemaMismatchError(
          `does not match the Avro schema ${typeName(named)}: ${(err as Error).message}`,
        );
      }
      const problems: string[] = [];
      const valid = type.isValid(filled, {
        errorHook(path, found, expected) {
          if (problems.length < MAX_PROBLEMS)
            problems.push(
              `${path.length > 0 ? path.join('.') : '(the value)'}: expected ${typeName(expected as never)}; got ${describe(found)}`,
            );
        },
      });
      if (!valid)
        throw new SchemaMismatchError(
          `does not match the Avro schema ${typeName(named)}: ${problems.join('; ')}`,
        );
      return type.toBuffer(filled);
    },
  };
}
