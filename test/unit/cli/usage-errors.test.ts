import { describe, expect, it } from 'vitest';
import { main } from '../../../lib/cli/main.ts';
import { EXIT } from '../../../lib/cli/output.ts';

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('ske usage errors', () => {
  it('names an unknown trigger without a stack trace (exit 2)', async () => {
    const { code, err } = await run('invoke', 'foo', 'event.json');
    expect(code).toBe(EXIT.usage);
    expect(err).toBe(
      'ske invoke: unknown trigger "foo"; expected one of sqs, s3, http, invoke, kinesis, dynamodb',
    );
  });

  it.each([
    [
      ['invoke', 'invoke', 'event.json', '--timeout', 'abc'],
      'ske invoke: --timeout: expected a positive whole number; got "abc" (milliseconds)',
    ],
    [
      ['invoke', 'sqs', 'event.json', '--timeout=0'],
      'ske invoke: --timeout: expected a positive whole number; got "0" (milliseconds)',
    ],
    [
      ['tail', 'bees', '--max', 'abc'],
      'ske tail: --max: expected a positive whole number; got "abc" (records)',
    ],
    [
      ['tail', 'bees', '--max', '-3'],
      'ske tail: --max: expected a positive whole number; got "-3" (records)',
    ],
  ])('refuses a number option that is not a number: %j', async (argv, message) => {
    const { code, err } = await run(...argv);
    expect(code).toBe(EXIT.usage);
    expect(err).toBe(message);
  });
});
