import type { LambdaContextLike } from '../deadline.ts';
import { triggerDeps } from '../wiring.ts';
import { handleKinesisEvent, type KinesisHandlerDeps } from './handler.ts';

/** The production handler: dependencies built once per container (module scope), reused while warm. */
export function createKinesisHandler(deps?: KinesisHandlerDeps) {
  const resolved: KinesisHandlerDeps = deps ?? withSettings(triggerDeps('kinesis'));
  return (event: unknown, context: LambdaContextLike) => handleKinesisEvent(event, context, resolved);
}

function withSettings(base: ReturnType<typeof triggerDeps>): KinesisHandlerDeps {
  return { ...base, settings: async () => (await base.exporter.config()).kinesis };
}
