import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../../lib/observability/index.ts';
import { localContext } from '../../../../lib/triggers/deadline.ts';
import { handleHttpEvent } from '../../../../lib/triggers/http/handler.ts';
import { loadEvent } from '../../../events/load.ts';
import { httpDefaults } from '../../../helpers/default-config.ts';
import { fakeExporter } from '../../properties/fake-exporter.ts';

const http = { ...httpDefaults(), auth: 'none' as const, allowed_topics: ['audit'] };

async function post(body: unknown) {
  const exporter = fakeExporter();
  const event = loadEvent<{ body: string; multiValueHeaders?: unknown }>('apigw/rest-v1');
  event.body = JSON.stringify(body);
  delete event.multiValueHeaders;
  const reply = (await handleHttpEvent(event, localContext(), {
    exporter,
    logger: createLogger({ write: () => {} }),
    settings: async () => ({ http, topic: 'events' }),
  })) as { statusCode: number; body: string };
  return { status: reply.statusCode, body: JSON.parse(reply.body) as { error?: string }, exporter };
}

describe('the HTTP topic allow-list', () => {
  it('accepts the default topic and the allowed ones', async () => {
    const { status } = await post([{ data: 1 }, { data: 2, metadata: { dest_topic: 'audit' } }]);
    expect(status).toBe(200);
  });

  it('refuses the whole request when one message names another topic, and sends nothing', async () => {
    const { status, body, exporter } = await post([
      { data: 1 },
      { data: 2, metadata: { dest_topic: 'payments' } },
    ]);
    expect(status).toBe(403);
    expect(body.error).toBe('topic not allowed: payments');
    expect(exporter.calls).toEqual([]);
  });

  it('echoes at most five refused names, each cut at 64 characters', async () => {
    const names = Array.from({ length: 8 }, (_, i) => `${'t'.repeat(100)}${i}`);
    const { status, body } = await post(names.map((dest_topic) => ({ data: 1, metadata: { dest_topic } })));
    expect(status).toBe(403);
    expect(body.error).toBe(
      `topic not allowed: ${Array(5)
        .fill(`${'t'.repeat(64)}…`)
        .join(', ')} and 3 more`,
    );
  });
});
