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
  /** Default: LOG_LEVEL from the environment, else info. */
  level?: LogLevel;
  write?: (line: string) => void;
  now?: () => number;
  redactor?: Redactor;
  fields?: Fields;
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
 * Insights reads (`level`, `message`, `timestamp`, fields). Every line passes
 * through the redactor, so resolved secrets never reach the log.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const envLevel = (process.env.LOG_LEVEL ?? '').toLowerCase();
  const level: LogLevel = options.level ?? (envLevel in LOG_LEVELS ? (envLevel as LogLevel) : 'info');
  // SKE_LOG_STREAM=stderr keeps standard output for results (the ske CLI).
  const stream = process.env.SKE_LOG_STREAM === 'stderr' ? process.stderr : process.stdout;
  const write = options.write ?? ((line: string) => stream.write(`${line}\n`));
  const now = options.now ?? Date.now;
  const redactor = options.redactor ?? processRedactor;
  const base = options.fields ?? {};

  const log = (at: LogLevel, message: string, fields: Fields = {}) => {
    if (LOG_LEVELS[at] < LOG_LEVELS[level]) return;
    const entry = {
      level: at.toUpperCase(),
      message,
      timestamp: new Date(now()).toISOString(),
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
