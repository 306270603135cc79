export { MessageError } from './errors.ts';
export type { ExportInput } from './export-input.ts';
export { type JsonMessage, memberElements, spreadJson, withoutBom } from './json-messages.ts';
export type { JsonEncoding } from './json-value.ts';
export { encodeJson, isPlainObject, MAX_JSON_DEPTH } from './json-value.ts';
export type { Routing, RoutingResult } from './metadata.ts';
export { readMetadata } from './metadata.ts';
export type { ExporterRecord, RecordDefaults, ToRecordResult } from './to-record.ts';
export { mergeHeaders, toRecord } from './to-record.ts';
