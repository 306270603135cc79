import { describe, expect, it } from 'vitest';
import { createLogger, InvocationLog, Redactor } from '../../../lib/observability/index.ts';
import { localContext } from '../../../lib/triggers/deadline.ts';
import { logInvocations } from '../../../lib/triggers/wiring.ts';

describe('logInvocations', () => {
  it("puts each invocation's request id on the lines it writes, and takes it off after, when the handler throws too", async () => {
    const lines: string[] = [];
    const invocation = new InvocationLog({ env: {} });
    const logger = createLogger({
      write: (l) => lines.push(l),
      env: {},
      redactor: new Redactor(),
      invocation,
    });
    const handler = logInvocations(invocation, async (event: unknown) => {
      logger.info('working');
      if (event === 'fail') throw new Error('boom');
      return 'done';
    });
    const context = (id: string) => ({ ...localContext(), awsRequestId: id });
    await expect(handler('ok', context('first'))).resolves.toBe('done');
    await expect(handler('fail', context('second'))).rejects.toThrow('boom');
    logger.info('between');
    expect(lines.map((l) => JSON.parse(l).function_request_id)).toEqual(['first', 'second', undefined]);
  });
});
