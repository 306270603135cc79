export { AttributeValueError, attributeJson, mapJson } from './attribute-json.ts';
export { createDynamodbHandler } from './create.ts';
export { DYNAMODB_HEADERS, decodeDynamodbRecord } from './decode.ts';
export type { DynamodbEvent, DynamodbRecord } from './event.ts';
export { DynamodbEventSchema, DynamodbRecordSchema, parseDynamodbEvent, tableOf } from './event.ts';
export type { DynamodbHandlerDeps } from './handler.ts';
export { handleDynamodbEvent } from './handler.ts';
export { jsonNumberText } from './json-number.ts';
