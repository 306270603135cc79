import { createKinesisHandler } from '../lib/triggers/kinesis/create.ts';

/** Kinesis Data Streams: replies with the records to retry by sequence number (ReportBatchItemFailures). */
export const handler = createKinesisHandler();
