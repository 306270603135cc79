import * as z from 'zod/mini';

/** What an EventBridge schedule rule sends: no payload of its own. */
export const ScheduledEventSchema = z.looseObject({
  source: z.literal('aws.events'),
  'detail-type': z.literal('Scheduled Event'),
  time: z.optional(z.string()),
  resources: z.optional(z.array(z.string())),
});

export type ScheduledEvent = z.infer<typeof ScheduledEventSchema>;

/**
 * True for an EventBridge scheduled rule event (`source: aws.events`,
 * `detail-type: Scheduled Event`). EventBridge Scheduler sends whatever input
 * its schedule names instead, so its events look like direct invocations.
 */
export function isScheduledEvent(event: unknown): event is ScheduledEvent {
  return ScheduledEventSchema.safeParse(event).success;
}
