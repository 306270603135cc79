import type { LambdaContextLike } from '../lib/triggers/deadline.ts';
import { handleHttpEvent, httpSettingsOf } from '../lib/triggers/http-handler.ts';
import { triggerDeps } from '../lib/triggers/wiring.ts';

const { exporter, logger } = triggerDeps('http');
const settings = httpSettingsOf(exporter);

/** API Gateway (REST, HTTP API), Function URL and ALB. */
export const handler = (event: unknown, context: LambdaContextLike) =>
  handleHttpEvent(event, context, { exporter, logger, settings });
