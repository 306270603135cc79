export { createKinesisHandler } from './create.ts';
export { decodeKinesisRecord, KINESIS_HEADERS } from './decode.ts';
export type { KinesisEvent, KinesisRecord } from './event.ts';
export { KinesisEventSchema, KinesisRecordSchema, parseKinesisEvent, shardOf, streamOf } from './event.ts';
export type { KinesisHandlerDeps } from './handler.ts';
export { handleKinesisEvent } from './handler.ts';
export type { KplResult, KplUserRecord } from './kpl.ts';
export { deaggregate, isKplAggregated, KPL_MAGIC } from './kpl.ts';
