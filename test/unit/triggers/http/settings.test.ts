import { describe, expect, it } from 'vitest';
import type { ResolvedConfig } from '../../../../lib/config/index.ts';
import { httpSettingsOf } from '../../../../lib/triggers/http/create.ts';

const config = (topic: string) =>
  ({
    topic,
    http: { auth: 'none', allowed_topics: [], max_body_bytes: 10, max_messages: 1 },
  }) as unknown as ResolvedConfig;

describe('httpSettingsOf', () => {
  it('gives the http settings and default topic, the same object until the config is reloaded', async () => {
    let current = config('bees');
    const settings = httpSettingsOf({ config: async () => current });
    const first = await settings();
    expect(first).toEqual({ http: current.http, topic: 'bees' });
    expect(await settings()).toBe(first);
    current = config('wasps');
    const reloaded = await settings();
    expect(reloaded.topic).toBe('wasps');
    expect(reloaded).not.toBe(first);
  });
});
