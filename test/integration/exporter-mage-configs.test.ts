import { afterEach, describe, expect, it } from 'vitest';
import { inputs, inTenSeconds, type TestExporter, testExporter } from '../helpers/exporter.ts';
import { createTopics, readAll, uniqueTopic } from '../helpers/kafka.ts';
import { mageConfigs } from '../helpers/mage-configs.ts';

describe("the four configs of Mage's documentation, credentials in Secrets Manager", () => {
  let current: TestExporter | undefined;
  afterEach(async () => {
    await current?.exporter.close();
    current = undefined;
  });

  const names = ['basic', 'ssl', 'plain', 'scram256', 'scram512', 'oauthbearer'] as const;
  it.each(names)('%s exports and the record reads back', async (name) => {
    const [topic] = await createTopics([uniqueTopic(name)]);
    const yaml = (await mageConfigs(topic!))[name];
    current = testExporter(yaml);
    const summary = await current.exporter.export(
      inputs({ data: { bees: 23, ants: 30 }, metadata: { key: 'key', time: 1693396630163 } }),
      inTenSeconds(),
    );
    expect(summary.results).toEqual([{ ok: true, topic, partition: 0, offset: '0' }]);
    const [landed] = await readAll(topic!);
    expect(JSON.parse(landed!.value!.toString())).toEqual({ bees: 23, ants: 30 });
    expect(landed!.key!.toString()).toBe('key');
    expect(landed!.timestamp).toBe('1693396630163');
  });
});
