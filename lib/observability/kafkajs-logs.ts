import { type logCreator, logLevel } from 'kafkajs';
import type { Logger } from './logger.ts';

/**
 * Routes KafkaJS's own logs into our structured logger. KafkaJS logs each
 * retry at ERROR; those are not our errors (the result says what failed), so
 * they come through as warnings.
 */
export function kafkaJsLogCreator(logger: Logger): logCreator {
  return () =>
    ({ namespace, level, log }) => {
      const { message, ...fields } = log;
      const entry = { source: 'kafkajs', namespace, ...fields };
      if (level === logLevel.ERROR || level === logLevel.WARN) logger.warn(message, entry);
      else if (level === logLevel.INFO) logger.debug(message, entry);
      else logger.debug(message, entry);
    };
}
