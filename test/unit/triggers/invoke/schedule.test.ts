import { describe, expect, it } from 'vitest';
import { isScheduledEvent } from '../../../../lib/triggers/invoke/schedule.ts';
import { loadEvent } from '../../../events/load.ts';

describe('isScheduledEvent', () => {
  it('recognizes an EventBridge schedule rule event', () => {
    expect(isScheduledEvent(loadEvent('schedule/eventbridge-scheduled'))).toBe(true);
  });

  it('does not take other events for a schedule', () => {
    expect(isScheduledEvent(loadEvent('invoke/messages'))).toBe(false);
    expect(isScheduledEvent(loadEvent('s3/eventbridge-object-created'))).toBe(false);
    expect(isScheduledEvent({ source: 'aws.events', 'detail-type': 'Object Created' })).toBe(false);
    expect(isScheduledEvent(null)).toBe(false);
    expect(isScheduledEvent('Scheduled Event')).toBe(false);
  });
});
