import { createSqsHandler } from '../lib/triggers/sqs/create.ts';

/** SQS (standard and FIFO): replies with the records to retry (ReportBatchItemFailures). */
export const handler = createSqsHandler();
