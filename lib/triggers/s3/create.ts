import type { Exporter } from '../../exporter/index.ts';
import type { SqsBatchResponse } from '../sqs/reply.ts';
import {
  type LambdaHandler,
  lazyS3Client,
  logInvocations,
  type TriggerDeps,
  triggerDeps,
} from '../wiring.ts';
import { handleS3Event, type ObjectOutcome, type S3HandlerDeps } from './handler.ts';

/** The `settings` dependency read from an exporter's config: batch size and the s3 settings. */
export function s3SettingsOf(exporter: Pick<Exporter, 'config'>): S3HandlerDeps['settings'] {
  return async () => {
    const config = await exporter.config();
    return {
      batchSize: config.batchSize,
      deterministicKeys: config.s3.deterministic_keys,
      maxRecordBytes: config.s3.max_record_bytes,
    };
  };
}

/** The S3 Lambda handler (ObjectCreated direct, via SNS, EventBridge or SQS): streams each object into Kafka. */
export function createS3Handler(
  { exporter, logger, invocation }: TriggerDeps = triggerDeps('s3'),
  s3: S3HandlerDeps['s3'] = lazyS3Client(),
): LambdaHandler<{ objects: ObjectOutcome[] } | SqsBatchResponse> {
  const deps = { exporter, logger, s3, settings: s3SettingsOf(exporter) };
  return logInvocations(invocation, (event, context) => handleS3Event(event, context, deps));
}
