/** What the invocation context gives the logs (the Lambda context's own names). */
export interface InvocationContextLike {
  awsRequestId?: string;
  functionName?: string;
  invokedFunctionArn?: string;
  memoryLimitInMB?: string | number;
  functionVersion?: string;
}

export interface InvocationLogOptions {
  /** Default: POWERTOOLS_SERVICE_NAME, else `serverless-kafka-exporter`. */
  service?: string;
  env?: Record<string, string | undefined>;
  /** The sampling draw, a number in [0, 1). Default Math.random. */
  random?: () => number;
}

type Fields = Record<string, unknown>;

/** The X-Ray trace id (the `Root` of `_X_AMZN_TRACE_ID`), as Powertools Logger writes it in `xray_trace_id`. */
export function xrayTraceId(header: string | undefined): string | undefined {
  const root = header?.split(';').find((part) => part.trim().startsWith('Root='));
  return root?.trim().slice('Root='.length) || undefined;
}

/** POWERTOOLS_LOGGER_SAMPLE_RATE: a share of invocations, 0 to 1; anything else is no sampling. */
function sampleRateOf(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const rate = Number(value);
  return Number.isFinite(rate) && rate >= 0 && rate <= 1 ? rate : undefined;
}

/** Containers started for provisioned concurrency are initialised ahead of their first invocation. */
let coldStart = true;

/** Forgets that this process has been invoked (tests). */
export function resetColdStart(): void {
  coldStart = true;
}

/**
 * The fields every log line of the current invocation carries, named as
 * Powertools Logger names them (`function_request_id`, `function_name`,
 * `function_arn`, `function_memory_size`, `cold_start`, `xray_trace_id`,
 * `service`, `sampling_rate`), and whether this invocation logs at debug
 * (Powertools' POWERTOOLS_LOGGER_SAMPLE_RATE: decided anew at each start).
 *
 * A container runs one invocation at a time, so the current one is one
 * mutable slot, set by `begin` and cleared by `end` (lines written between
 * invocations, by a warm connection say, carry only `service`).
 */
export class InvocationLog {
  readonly service: string;
  readonly sampleRate: number | undefined;
  /** Under Lambda's JSON log format, lines also carry `requestId`, the name Lambda's own JSON lines use. */
  private readonly jsonFormat: boolean;
  private readonly env: Record<string, string | undefined>;
  private readonly random: () => number;
  private current: Fields;
  private sampled = false;

  constructor(options: InvocationLogOptions = {}) {
    this.env = options.env ?? process.env;
    this.service = options.service ?? (this.env.POWERTOOLS_SERVICE_NAME || 'serverless-kafka-exporter');
    this.sampleRate = sampleRateOf(this.env.POWERTOOLS_LOGGER_SAMPLE_RATE);
    this.jsonFormat = this.env.AWS_LAMBDA_LOG_FORMAT?.toUpperCase() === 'JSON';
    this.random = options.random ?? Math.random;
    this.current = this.idle();
  }

  private idle(): Fields {
    return this.sampleRate === undefined
      ? { service: this.service }
      : { service: this.service, sampling_rate: this.sampleRate };
  }

  /** Starts an invocation: its fields go on every line until `end`. */
  begin(context: InvocationContextLike): void {
    const fields: Fields = { ...this.idle(), cold_start: this.isColdStart() };
    if (context.functionName !== undefined) fields.function_name = context.functionName;
    if (context.awsRequestId !== undefined) {
      fields.function_request_id = context.awsRequestId;
      if (this.jsonFormat) fields.requestId = context.awsRequestId;
    }
    if (context.invokedFunctionArn !== undefined) fields.function_arn = context.invokedFunctionArn;
    if (context.memoryLimitInMB !== undefined) fields.function_memory_size = Number(context.memoryLimitInMB);
    // The Node.js runtime sets the variable for each invocation.
    const traceId = xrayTraceId(this.env._X_AMZN_TRACE_ID);
    if (traceId !== undefined) fields.xray_trace_id = traceId;
    this.current = fields;
    this.sampled = this.sampleRate !== undefined && this.random() < this.sampleRate;
  }

  /** Ends the invocation: later lines no longer carry its fields. */
  end(): void {
    this.current = this.idle();
    this.sampled = false;
  }

  /** The fields of the current invocation (or only `service` between invocations). */
  fields(): Fields {
    return this.current;
  }

  /** Whether the current invocation was drawn to log at debug. */
  get debugSampled(): boolean {
    return this.sampled;
  }

  private isColdStart(): boolean {
    const first = coldStart && this.env.AWS_LAMBDA_INITIALIZATION_TYPE !== 'provisioned-concurrency';
    coldStart = false;
    return first;
  }
}
