/** Kafka's own rule for topic names (kafka.common.internals.Topic), as error texts state it. */
export const TOPIC_NAME_RULE = '1-249 characters of a-z, A-Z, 0-9, ".", "_", "-"; not "." or ".."';

const TOPIC_PATTERN = /^[a-zA-Z0-9._-]{1,249}$/;

/** Whether Kafka accepts `name` as a topic name (legal characters, at most 249, not `.` or `..`). */
export function isTopicName(name: string): boolean {
  return TOPIC_PATTERN.test(name) && name !== '.' && name !== '..';
}
