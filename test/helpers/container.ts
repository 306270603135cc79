/**
 * A simulated Lambda container: loads the SQS function (functions/sqs.ts) once
 * and invokes it INVOCATIONS times in a row with batches of RECORDS records,
 * as one warm container would. Prints { container, delivered, failed } as JSON.
 * Env: SKE_CONFIG (the config), CONTAINER, INVOCATIONS, RECORDS, and AWS settings.
 */
import { localContext } from '../../lib/triggers/deadline.ts';
import { sqsRecord } from '../events/sqs-record.ts';

const { handler } = await import('../../functions/sqs.ts');
const container = Number(process.env.CONTAINER);
const invocations = Number(process.env.INVOCATIONS);
const records = Number(process.env.RECORDS);
let delivered = 0;
let failed = 0;
for (let i = 0; i < invocations; i++) {
  const event = {
    Records: Array.from({ length: records }, (_, r) =>
      sqsRecord(`c${container}-i${i}-r${r}`, JSON.stringify({ data: { c: container, i, r } }), 'load'),
    ),
  };
  const reply = await handler(event, localContext(15_000));
  failed += reply.batchItemFailures.length;
  delivered += records - reply.batchItemFailures.length;
}
console.log(JSON.stringify({ container, delivered, failed }));
process.exit(0);
