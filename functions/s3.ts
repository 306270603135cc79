import type { LambdaContextLike } from '../lib/triggers/deadline.ts';
import { handleS3Event } from '../lib/triggers/s3-handler.ts';
import { lazyS3Client, triggerDeps } from '../lib/triggers/wiring.ts';

const { exporter, logger } = triggerDeps('s3');
const s3 = lazyS3Client();
const settings = async () => {
  const config = await exporter.config();
  return {
    batchSize: config.batchSize,
    deterministicKeys: config.s3.deterministic_keys,
    maxRecordBytes: config.s3.max_record_bytes,
  };
};

/** S3 ObjectCreated (direct, SNS, EventBridge or SQS): streams each object into Kafka. */
export const handler = (event: unknown, context: LambdaContextLike) =>
  handleS3Event(event, context, { exporter, logger, s3, settings });
