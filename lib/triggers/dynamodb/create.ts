import type { LambdaContextLike } from '../deadline.ts';
import { triggerDeps } from '../wiring.ts';
import { type DynamodbHandlerDeps, handleDynamodbEvent } from './handler.ts';

/** The production handler: dependencies built once per container (module scope), reused while warm. */
export function createDynamodbHandler(deps?: DynamodbHandlerDeps) {
  const resolved: DynamodbHandlerDeps = deps ?? withSettings(triggerDeps('dynamodb'));
  return (event: unknown, context: LambdaContextLike) => handleDynamodbEvent(event, context, resolved);
}

function withSettings(base: ReturnType<typeof triggerDeps>): DynamodbHandlerDeps {
  return { ...base, settings: async () => (await base.exporter.config()).dynamodb };
}
