import { createS3Handler } from '../lib/triggers/s3/create.ts';

/** S3 ObjectCreated (direct, SNS, EventBridge or SQS): streams each object into Kafka. */
export const handler = createS3Handler();
