import type { ResolvedConfig } from '../../config/index.ts';
import type { HttpConfig } from '../../config/trigger-schemas.ts';
import type { Exporter } from '../../exporter/index.ts';
import { type LambdaHandler, logInvocations, type TriggerDeps, triggerDeps } from '../wiring.ts';
import { type HttpHandlerDeps, handleHttpEvent } from './handler.ts';

/**
 * The `settings` dependency read from an exporter's config: its http settings
 * and default topic, the same object until the config is reloaded.
 */
export function httpSettingsOf(exporter: Pick<Exporter, 'config'>): HttpHandlerDeps['settings'] {
  let last: { config: ResolvedConfig; settings: { http: HttpConfig; topic: string } } | undefined;
  return async () => {
    const config = await exporter.config();
    if (last?.config !== config) last = { config, settings: { http: config.http, topic: config.topic } };
    return last.settings;
  };
}

/** The HTTP Lambda handler: API Gateway (REST, HTTP API), Function URL and ALB. */
export function createHttpHandler(
  { exporter, logger, invocation }: TriggerDeps = triggerDeps('http'),
): LambdaHandler<Awaited<ReturnType<typeof handleHttpEvent>>> {
  const deps = { exporter, logger, settings: httpSettingsOf(exporter) };
  return logInvocations(invocation, (event, context) => handleHttpEvent(event, context, deps));
}
