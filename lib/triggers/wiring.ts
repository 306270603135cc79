import type { S3Client } from '@aws-sdk/client-s3';
import { createExporter, type Exporter } from '../exporter/index.ts';
import { createLogger, InvocationLog, type Logger } from '../observability/index.ts';
import type { LambdaContextLike } from './deadline.ts';

/** A Lambda handler as functions/<trigger>.ts exports it. */
export type LambdaHandler<R> = (event: unknown, context: LambdaContextLike) => Promise<R>;

/** What every handler module builds once, at module scope, and reuses while the container is warm. */
export interface TriggerDeps {
  exporter: Exporter;
  logger: Logger;
  /** Whose fields (request id, ...) every log and metrics line of an invocation carries. */
  invocation?: InvocationLog;
}

/** The production wiring of a trigger's handler (tests pass their own exporter and logger). */
export function triggerDeps(trigger: string): TriggerDeps {
  const invocation = new InvocationLog();
  const logger = createLogger({ invocation }).child({ trigger });
  const exporter = createExporter({ logger, trigger, metricsProperties: () => invocation.fields() });
  return { exporter, logger, invocation };
}

/**
 * The handler with each invocation's fields (Powertools' names: request id,
 * cold start, X-Ray trace id, ...) on every line written while it runs.
 */
export function logInvocations<R>(
  invocation: InvocationLog | undefined,
  handler: LambdaHandler<R>,
): LambdaHandler<R> {
  if (!invocation) return handler;
  return async (event, context) => {
    invocation.begin(context);
    try {
      return await handler(event, context);
    } finally {
      invocation.end();
    }
  };
}

/** An S3 client created on first use: a handler that never reads S3 never loads the SDK (cold start). */
export function lazyS3Client(): () => Promise<S3Client> {
  let client: Promise<S3Client> | undefined;
  return () => {
    client ??= import('@aws-sdk/client-s3').then((sdk) => new sdk.S3Client({}));
    return client;
  };
}
