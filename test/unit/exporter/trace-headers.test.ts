import { describe, expect, it } from 'vitest';
import { toRecords } from '../../../lib/exporter/records.ts';
import type { ExportInput } from '../../../lib/messages/index.ts';

const INVOCATION = { traceparent: '00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01' };
const SENDER = { traceparent: '00-6e1a2b3c4d5e6f708192a3b4c5d6e7f8-1234567890abcdef-00' };
const ATTRIBUTE = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00';
const OWN = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
const config = (traceContext: boolean) => ({ topic: 't', headers: { env: 'prod' }, traceContext });
const headersOf = (inputs: ExportInput[], traceContext = true) =>
  toRecords(inputs, config(traceContext), () => 0, INVOCATION).records.map((r) => r.headers);

describe('trace headers on records', () => {
  it("put the invocation's trace under the message's, the trigger's headers and the message's own over both", () => {
    expect(
      headersOf([
        { message: 'a' },
        { message: 'b', traceHeaders: SENDER },
        { message: 'c', traceHeaders: SENDER, headers: { traceparent: ATTRIBUTE } },
        { message: { data: 'd', metadata: { headers: { traceparent: OWN } } }, traceHeaders: SENDER },
      ]),
    ).toEqual([
      { env: 'prod', ...INVOCATION },
      { env: 'prod', ...SENDER },
      { env: 'prod', traceparent: ATTRIBUTE },
      { env: 'prod', traceparent: OWN },
    ]);
  });

  it('are left out with trace_context off, the trigger headers kept', () => {
    expect(
      headersOf(
        [
          { message: 'a', traceHeaders: SENDER },
          { message: 'b', headers: { source: 'hive' } },
        ],
        false,
      ),
    ).toEqual([{ env: 'prod' }, { env: 'prod', source: 'hive' }]);
  });
});
