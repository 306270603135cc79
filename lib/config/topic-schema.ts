import * as z from 'zod/mini';
import { isTopicName, TOPIC_NAME_RULE } from '../kafka/topic-name.ts';

const TOPIC = `expected a Kafka topic name (${TOPIC_NAME_RULE})`;

/** A topic name by Kafka's rule (lib/kafka/topic-name.ts): topic, dead_letter_topic, http.allowed_topics. */
export const TopicNameSchema = z.string({ error: TOPIC }).check(z.refine(isTopicName, { error: TOPIC }));
