export {
  type InvocationContextLike,
  InvocationLog,
  type InvocationLogOptions,
  resetColdStart,
  xrayTraceId,
} from './invocation-log.ts';
export { kafkaJsLogCreator } from './kafkajs-logs.ts';
export {
  createLogger,
  LOG_LEVELS,
  type Logger,
  type LoggerOptions,
  type LogLevel,
  logLevelOf,
} from './logger.ts';
export { METRICS_NAMESPACE, type MetricsOptions, type MetricValue, metricsWriter } from './metrics.ts';
export { processRedactor, Redactor } from './redactor.ts';
export {
  invocationTraceHeaders,
  parseTraceparent,
  requestTraceHeaders,
  sqsTraceHeaders,
  TRACEPARENT,
  TRACESTATE,
  type TraceHeaders,
  traceHeaders,
  traceparentFromXray,
} from './trace-context.ts';
