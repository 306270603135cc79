/** One exporter message as a trigger decoded it, with what the trigger adds to its record. */
export interface ExportInput {
  /**
   * A Mage exporter message: a scalar, `{ data, metadata }`, or an object
   * without `data`. Released by `Exporter.export` once it is a record.
   */
  message: unknown;
  /** Headers from the trigger (SQS attributes, S3 bucket/key/line), under the message's own headers. */
  headers?: Record<string, string>;
  /** Key used when the message names none (FIFO MessageGroupId, S3 bucket/key#line). */
  defaultKey?: string;
  /**
   * The record value as JSON text the trigger built itself, sent as it is
   * (DynamoDB images, whose numbers must not pass through a float). When set,
   * `message` is not read: the record goes to the default topic, with
   * `defaultKey`, `headers` and the time now.
   */
  jsonText?: string;
}
