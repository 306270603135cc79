import type { LambdaContextLike } from '../lib/triggers/deadline.ts';
import { handleHttpEvent } from '../lib/triggers/http-handler.ts';
import { triggerDeps } from '../lib/triggers/wiring.ts';

const { exporter, logger } = triggerDeps('http');
const settings = async () => {
  const config = await exporter.config();
  return { http: config.http, topic: config.topic };
};

/** API Gateway (REST, HTTP API), Function URL and ALB. */
export const handler = (event: unknown, context: LambdaContextLike) =>
  handleHttpEvent(event, context, { exporter, logger, settings });
