import { createDynamodbHandler } from '../lib/triggers/dynamodb/create.ts';

/** DynamoDB Streams: replies with the records to retry by sequence number (ReportBatchItemFailures). */
export const handler = createDynamodbHandler();
