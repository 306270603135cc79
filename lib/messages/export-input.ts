/** One exporter message as a trigger decoded it, with what the trigger adds to its record. */
export interface ExportInput {
  /**
   * A Mage exporter message: a scalar, `{ data, metadata }`, or an object
   * without `data`. Released by `Exporter.export` once it is a record.
   */
  message: unknown;
  /**
   * The JSON text `message` was parsed from, when it arrived as text (an SQS
   * body or one element of it, an HTTP body, an S3 line or array element).
   * The record's value is then the sender's own text, not a re-serialization
   * (see toRecord). Released with `message`.
   */
  json?: string;
  /** Headers from the trigger (SQS attributes, S3 bucket/key/line), under the message's own headers. */
  headers?: Record<string, string>;
  /**
   * The trace context the trigger found for this message (`traceparent`), over
   * the invocation's and under `headers`; left out when `trace_context` is off.
   */
  traceHeaders?: Record<string, string>;
  /** Key used when the message names none (FIFO MessageGroupId, S3 bucket/key#line). */
  defaultKey?: string;
}
