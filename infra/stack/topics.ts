import { setTimeout as sleep } from 'node:timers/promises';
import type { Admin, ITopicConfig } from 'kafkajs';

/**
 * Creates topics and waits for their leaders. Just after the broker starts
 * (or restarts, with a large log to load) metadata calls answer
 * UNKNOWN_TOPIC_OR_PARTITION for a moment: retriable errors are retried every
 * half second, up to 20 attempts. Creating again is harmless (existing topics
 * are kept).
 */
export async function createTopicsWhenReady(admin: Admin, topics: ITopicConfig[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await admin.createTopics({ topics, waitForLeaders: true });
      return;
    } catch (err) {
      if (attempt >= 20 || (err as { retriable?: boolean }).retriable !== true) throw err;
      await sleep(500);
    }
  }
}
