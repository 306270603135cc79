import type { InvocationLog } from './invocation-log.ts';
import { processRedactor, type Redactor } from './redactor.ts';

export const LOG_LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
export type LogLevel = keyof typeof LOG_LEVELS;
type Fields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: Fields): void;
  info(message: string, fields?: Fields): void;
  warn(message: string, fields?: Fields): void;
  error(message: string, fields?: Fields): void;
  /** A logger that adds `fields` to every line (e.g. the request id). */
  child(fields: Fields): Logger;
}

export interface LoggerOptions {
  /** Default: see {@link logLevelOf}. AWS_LAMBDA_LOG_LEVEL wins over this, as in Powertools. */
  level?: LogLevel;
  /** The invocation whose fields every line carries, and whose sampling may lower the level to debug. */
  invocation?: InvocationLog;
  write?: (line: string) => void;
  /** Where the log level variables are read. Default: process.env. */
  env?: Record<string, string | undefined>;
  now?: () => number;
  redactor?: Redactor;
  fields?: Fields;
}

/** Lambda's log levels (Advanced Logging Controls) on ours: TRACE is our debug, FATAL our error. */
const LAMBDA_LEVELS: Record<string, LogLevel> = {
  TRACE: 'debug',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
  FATAL: 'error',
};

const levelNamed = (value: string | undefined): LogLevel | undefined =>
  value ? LAMBDA_LEVELS[value.trim().toUpperCase()] : undefined;

/**
 * The log level, in Powertools Logger's order: AWS_LAMBDA_LOG_LEVEL (the
 * function's application log level under Lambda's JSON log format: Lambda
 * drops lower lines anyway), then the explicit level, POWERTOOLS_LOG_LEVEL,
 * LOG_LEVEL, else info.
 */
export function logLevelOf(env: Record<string, string | undefined>, explicit?: LogLevel): LogLevel {
  return (
    levelNamed(env.AWS_LAMBDA_LOG_LEVEL) ??
    explicit ??
    levelNamed(env.POWERTOOLS_LOG_LEVEL) ??
    levelNamed(env.LOG_LEVEL) ??
    'info'
  );
}

function serializeError(err: Error): Fields {
  const e = err as Error & { code?: unknown; retriable?: unknown; type?: unknown };
  return {
    name: e.name,
    message: e.message,
    ...(e.code === undefined ? {} : { code: e.code }),
    ...(e.type === undefined ? {} : { type: e.type }),
    ...(e.retriable === undefined ? {} : { retriable: e.retriable }),
  };
}

function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) return serializeError(value);
  if (typeof value === 'bigint') return value.toString();
  if (Buffer.isBuffer(value)) return `<${value.length} bytes>`;
  return value;
}

/**
 * Structured JSON logs, one line per entry, in the shape CloudWatch Logs
 * Insights reads (`level`, `message`, `timestamp`, fields) and Lambda's JSON
 * log format filters by level (written to standard output directly, not
 * through console, so Lambda does not wrap them again). With an
 * `invocation`, every line carries its Powertools fields (request id, ...).
 * Every line passes through the redactor, so resolved secrets never reach the log.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = logLevelOf(options.env ?? process.env, options.level);
  const invocation = options.invocation;
  // SKE_LOG_STREAM=stderr keeps standard output for results (the ske CLI).
  const stream = process.env.SKE_LOG_STREAM === 'stderr' ? process.stderr : process.stdout;
  const write = options.write ?? ((line: string) => stream.write(`${line}\n`));
  const now = options.now ?? Date.now;
  const redactor = options.redactor ?? processRedactor;
  const base = options.fields ?? {};

  const log = (at: LogLevel, message: string, fields: Fields = {}) => {
    if (LOG_LEVELS[at] < LOG_LEVELS[level] && !invocation?.debugSampled) return;
    const entry = {
      level: at.toUpperCase(),
      message,
      timestamp: new Date(now()).toISOString(),
      ...invocation?.fields(),
      ...base,
      ...fields,
    };
    write(redactor.redact(JSON.stringify(entry, replacer)));
  };
  return {
    debug: (m, f) => log('debug', m, f),
    info: (m, f) => log('info', m, f),
    warn: (m, f) => log('warn', m, f),
    error: (m, f) => log('error', m, f),
    child: (fields) =>
      createLogger({ ...options, level, write, now, redactor, fields: { ...base, ...fields } }),
  };
}
