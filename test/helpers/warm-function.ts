/**
 * A warm Lambda container of the SQS function, driven over stdin: loads
 * functions/sqs.ts once (config from SKE_CONFIG), then for each JSON line
 * `{ "id", "records": [{ "messageId", "body" }], "timeoutMs" }` invokes the
 * handler and answers one JSON line `{ "id", "failures": [...], "ms" }`.
 * A test can SIGSTOP/SIGCONT it between invocations, as Lambda freezes a container.
 */
import { createInterface } from 'node:readline';
import { localContext } from '../../lib/triggers/deadline.ts';
import { sqsRecord } from '../events/sqs-record.ts';

const { handler } = await import('../../functions/sqs.ts');

for await (const line of createInterface({ input: process.stdin })) {
  const { id, records, timeoutMs } = JSON.parse(line) as {
    id: string;
    records: Array<{ messageId: string; body: string }>;
    timeoutMs: number;
  };
  const started = Date.now();
  const reply = await handler(
    { Records: records.map((r) => sqsRecord(r.messageId, r.body, 'faults')) },
    localContext(timeoutMs),
  );
  const failures = reply.batchItemFailures.map((f) => f.itemIdentifier);
  process.stdout.write(`${JSON.stringify({ id, failures, ms: Date.now() - started })}\n`);
}
process.exit(0);
