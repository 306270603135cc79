import { createDynamodbHandler } from '../lib/triggers/dynamodb/index.ts';

/** DynamoDB Streams: replies with the records to retry by sequence number (ReportBatchItemFailures). */
export const handler = createDynamodbHandler();
