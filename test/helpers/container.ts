/**
 * A simulated Lambda container: loads the SQS function (functions/sqs.ts) once
 * and invokes it INVOCATIONS times in a row with batches of RECORDS records,
 * as one warm container would. Prints { container, delivered, failed } as JSON.
 * Env: SKE_CONFIG (the config), CONTAINER, INVOCATIONS, RECORDS, and AWS settings.
 */
import { localContext } from '../../lib/triggers/deadline.ts';

const { handler } = await import('../../functions/sqs.ts');
const container = Number(process.env.CONTAINER);
const invocations = Number(process.env.INVOCATIONS);
const records = Number(process.env.RECORDS);
let delivered = 0;
let failed = 0;
for (let i = 0; i < invocations; i++) {
  const event = {
    Records: Array.from({ length: records }, (_, r) => ({
      messageId: `c${container}-i${i}-r${r}`,
      receiptHandle: 'r',
      body: JSON.stringify({ data: { c: container, i, r } }),
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: '1',
        SenderId: 's',
        ApproximateFirstReceiveTimestamp: '1',
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:eu-west-1:123456789012:load',
      awsRegion: 'eu-west-1',
    })),
  };
  const reply = await handler(event, localContext(15_000));
  failed += reply.batchItemFailures.length;
  delivered += records - reply.batchItemFailures.length;
}
console.log(JSON.stringify({ container, delivered, failed }));
process.exit(0);
