import { createKinesisHandler } from '../lib/triggers/kinesis/index.ts';

/** Kinesis Data Streams: replies with the records to retry by sequence number (ReportBatchItemFailures). */
export const handler = createKinesisHandler();
