import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaNode } from '../../infra/stack/lambda-node.ts';
import { stackLayout } from '../../infra/stack/layout.ts';
import { inputs, testExporter } from '../helpers/exporter.ts';
import { createTopics, uniqueTopic } from '../helpers/kafka.ts';
import {
  ensureKcat,
  javaConsoleProduce,
  javaConsoleRead,
  kcatProduce,
  kcatRead,
  type PlainRecord,
  storedCodecs,
} from '../helpers/other-clients.ts';
import { ske } from '../helpers/ske.ts';
import { stack } from '../helpers/stack.ts';

const CODECS = ['snappy', 'lz4', 'zstd'] as const;

/** Small and large values: the large one spans several snappy (32 KB) and LZ4 (64 KB) blocks. */
const big = JSON.stringify({ bees: Array.from({ length: 9000 }, (_, i) => ({ hive: i % 40, n: i })) });
const MESSAGES = [
  { data: { hive: 'a', count: 1 }, metadata: { key: 'hive-a' } },
  { data: 'plain text, ünïcode' },
  { data: JSON.parse(big), metadata: { key: 'big' } },
];
const EXPECTED: PlainRecord[] = [
  { key: 'hive-a', value: '{"hive":"a","count":1}' },
  { key: null, value: '"plain text, ünïcode"' },
  { key: 'big', value: big },
];

function configFile(topic: string, compression = 'none'): string {
  const file = join(mkdtempSync(join(tmpdir(), 'ske-codec-')), 'exporter.yaml');
  writeFileSync(file, yaml(topic, compression));
  return file;
}

const yaml = (topic: string, compression: string) =>
  `bootstrap_server: "${stack().bootstrap.plaintext}"\ntopic: ${topic}\ncompression: ${compression}\n`;

async function tail(topic: string, count: number): Promise<PlainRecord[]> {
  const run = await ske([
    'tail',
    topic,
    '--from-beginning',
    '--max',
    String(count),
    '--config',
    configFile(topic),
  ]);
  expect(run.stderr).not.toContain('ske tail:');
  expect(run.code).toBe(0);
  return run.stdout
    .trim()
    .split('\n')
    .map((line) => {
      const r = JSON.parse(line) as { key: string | null; value: unknown };
      // ske tail shows JSON values parsed; every value here is compact JSON, so this gives back its text.
      return { key: r.key, value: JSON.stringify(r.value) };
    });
}

beforeAll(() => ensureKcat());

describe.each(CODECS)('compression: %s', (codec) => {
  const topics: Record<string, string> = {};
  const exporters: Array<ReturnType<typeof testExporter>> = [];
  afterAll(() => Promise.all(exporters.map((e) => e.exporter.close())));

  beforeAll(async () => {
    const [topic] = await createTopics([uniqueTopic(`codec-${codec}`)]);
    topics.ours = topic!;
    const t = testExporter(yaml(topic!, codec));
    exporters.push(t);
    // One export per message: each is its own batch, so each batch's codec is checked.
    for (const message of MESSAGES) {
      const summary = await t.exporter.export(inputs(message), { deadline: Date.now() + 30_000 });
      expect(summary.results).toEqual([expect.objectContaining({ ok: true })]);
    }
  });

  it('is what the broker stored for every batch', async () => {
    expect(await storedCodecs(topics.ours!)).toEqual([codec, codec, codec]);
  });

  it('is read back by kcat (librdkafka)', async () => {
    expect(await kcatRead(topics.ours!, 3)).toEqual(EXPECTED);
  });

  it("is read back by Kafka's Java console consumer", async () => {
    expect(await javaConsoleRead(topics.ours!, 3)).toEqual(EXPECTED);
  });

  it('is read back by ske tail', async () => {
    expect(await tail(topics.ours!, 3)).toEqual(EXPECTED);
  });

  it('lets ske tail read what kcat and the Java producer compressed with it', async () => {
    const [fromKcat, fromJava] = await createTopics([
      uniqueTopic(`kcat-${codec}`),
      uniqueTopic(`java-${codec}`),
    ]);
    const records: PlainRecord[] = [
      { key: 'k1', value: '{"from":"elsewhere"}' },
      { key: 'k2', value: big },
    ];
    await kcatProduce(fromKcat!, codec, records);
    await javaConsoleProduce(fromJava!, codec, records);
    expect(await storedCodecs(fromKcat!)).toContain(codec);
    expect(await storedCodecs(fromJava!)).toContain(codec);
    expect(await tail(fromKcat!, 2)).toEqual(records);
    expect(await tail(fromJava!, 2)).toEqual(records);
  });
});

describe('zstd on the Lambda runtime Node (zlib zstd, not the WebAssembly fallback)', () => {
  it('writes records that kcat and the Java console consumer read', async () => {
    // Node 22 from the npm registry where it ships (Linux x64 and arm64), else this node.
    const lambda = lambdaNode(stackLayout().cacheDir);
    const node = lambda ?? process.execPath;
    const run = promisify(execFile);
    const { stdout: hasZstd } = await run(node, [
      '-e',
      "process.stdout.write(typeof require('zlib').zstdCompress)",
    ]);
    // Node 22.15+ (Lambda's nodejs22.x) has zlib's zstd; the packaged functions use it.
    if (lambda) expect(hasZstd).toBe('function');
    const [topic] = await createTopics([uniqueTopic('codec-zstd-node22')]);
    // A command-line argument holds at most 128 KB.
    const value = JSON.stringify({ bees: Array.from({ length: 2500 }, (_, i) => ({ hive: i % 40, n: i })) });
    const { aws } = stack();
    await run(
      node,
      ['bin/ske.mjs', 'send', topic!, value, '--key', 'big', '--config', configFile(topic!, 'zstd')],
      {
        env: { ...process.env, AWS_ENDPOINT_URL: aws.endpoint, AWS_REGION: aws.region },
        timeout: 90_000,
      },
    );
    expect(await storedCodecs(topic!)).toEqual(['zstd']);
    expect(await kcatRead(topic!, 1)).toEqual([{ key: 'big', value }]);
    expect(await javaConsoleRead(topic!, 1)).toEqual([{ key: 'big', value }]);
  });
});
