export { kafkaJsLogCreator } from './kafkajs-logs.ts';
export { createLogger, LOG_LEVELS, type Logger, type LoggerOptions, type LogLevel } from './logger.ts';
export { type MetricsOptions, type MetricValue, metricsWriter } from './metrics.ts';
export { processRedactor, Redactor } from './redactor.ts';
