import { DYNAMODB_PARTS, type DynamodbConfig } from '../../config/index.ts';
import type { StreamDecoded } from '../streams/shard-order.ts';
import { AttributeValueError, mapJson } from './attribute-json.ts';
import { type DynamodbRecord, tableOf } from './event.ts';

/** The headers every message of a DynamoDB stream record carries. */
export const DYNAMODB_HEADERS = {
  table: 'dynamodb.table',
  eventName: 'dynamodb.event_name',
  sequenceNumber: 'dynamodb.sequence_number',
} as const;

type Part = DynamodbConfig['parts'][number];

/** The stream record's field each image part comes from. */
const IMAGE_FIELDS = { keys: 'Keys', newImage: 'NewImage', oldImage: 'OldImage' } as const;

/**
 * The message of one DynamoDB stream record (DESIGN §4): `{eventName, keys,
 * newImage, oldImage}`, the `parts` the config asks for (in that order), each image
 * unmarshalled to plain JSON (see attributeJson) and a part the record lacks
 * (no OldImage on INSERT, no images with KEYS_ONLY) left out. The message's
 * JSON text is built here and is its record's value (ExportInput.json), so
 * numbers land exactly as DynamoDB wrote them. The item's
 * key, as JSON with its attribute names sorted, is the record key: every change
 * of one item goes to one partition, in order. A value DynamoDB would not
 * write refuses the record with the reason.
 */
export function decodeDynamodbRecord(record: DynamodbRecord, parts: readonly Part[]): StreamDecoded {
  let json: string;
  let key: string;
  try {
    key = mapJson(record.dynamodb.Keys, 'dynamodb.Keys', 0, true);
    const fields: string[] = [];
    // Always in the documented order, whatever order the config lists them in.
    for (const part of DYNAMODB_PARTS) {
      if (!parts.includes(part)) continue;
      if (part === 'eventName') {
        fields.push(`"eventName":${JSON.stringify(record.eventName)}`);
        continue;
      }
      const field = IMAGE_FIELDS[part];
      const map = record.dynamodb[field];
      if (map !== undefined) fields.push(`"${part}":${mapJson(map, `dynamodb.${field}`)}`);
    }
    json = `{${fields.join(',')}}`;
  } catch (error) {
    if (error instanceof AttributeValueError) return { ok: false, reason: error.message };
    throw error;
  }
  const headers = {
    [DYNAMODB_HEADERS.table]: tableOf(record.eventSourceARN),
    [DYNAMODB_HEADERS.eventName]: record.eventName,
    [DYNAMODB_HEADERS.sequenceNumber]: record.dynamodb.SequenceNumber,
  };
  // The text is the record's value as written (see toRecord); the parsed message has no `data` or
  // `metadata` member, so it is sent whole and never routes.
  return { ok: true, inputs: [{ message: JSON.parse(json), json, defaultKey: key, headers }] };
}
