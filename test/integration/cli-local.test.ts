import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createTopics, readAll, uniqueTopic } from '../helpers/kafka.ts';
import { ske } from '../helpers/ske.ts';
import { stack } from '../helpers/stack.ts';

const run = promisify(execFile);

function configFor(topic: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'ske-cli-')), 'exporter.yaml');
  writeFileSync(file, `bootstrap_server: "${stack().bootstrap.plaintext}"\ntopic: ${topic}\n`);
  return file;
}

describe('ske send, tail and invoke', () => {
  it('send exports a message and tail reads it back', async () => {
    const [topic] = await createTopics([uniqueTopic('cli')]);
    const config = configFor(topic!);
    const sent = await ske(['send', topic!, '{"bees": 1}', '--key', 'hive-1', '--config', config]);
    expect(sent).toMatchObject({ code: 0 });
    expect(sent.stdout).toContain(`delivered to ${topic} partition 0 offset 0`);
    const tailed = await ske(['tail', topic!, '--from-beginning', '--max', '1', '--config', config]);
    expect(tailed.code).toBe(0);
    expect(JSON.parse(tailed.stdout.trim())).toMatchObject({
      partition: 0,
      offset: '0',
      key: 'hive-1',
      value: { bees: 1 },
    });
  });

  it('invoke runs the SQS function on a fixture and exits 0 when all was delivered', async () => {
    const [topic] = await createTopics([uniqueTopic('cli-invoke')]);
    const result = await ske([
      'invoke',
      'sqs',
      'test/events/sqs/standard.json',
      '--config',
      configFor(topic!),
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ batchItemFailures: [] });
    expect(await readAll(topic!)).toHaveLength(4);
  });

  it('invoke exits 1 and prints the reply when records fail', async () => {
    const missing = uniqueTopic('cli-missing');
    const result = await ske([
      'invoke',
      'sqs',
      'test/events/sqs/standard.json',
      '--config',
      configFor(missing),
      '--timeout',
      '8000',
    ]);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).batchItemFailures).toHaveLength(3);
  });

  it.each([
    ['kinesis', 'test/events/kinesis/records.json', 4],
    ['dynamodb', 'test/events/dynamodb/insert-modify-remove.json', 3],
  ])(
    'invoke runs the %s function on a fixture and exits 0 when all was delivered',
    async (trigger, event, count) => {
      const [topic] = await createTopics([uniqueTopic(`cli-${trigger}`)]);
      const result = await ske(['invoke', trigger, event, '--config', configFor(topic!)]);
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual({ batchItemFailures: [] });
      expect(await readAll(topic!)).toHaveLength(count);
    },
  );

  it('names an unknown trigger and exits 2 (wrong usage), without a stack trace', async () => {
    const result = await ske(['invoke', 'kafka', 'test/events/sqs/standard.json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'ske invoke: unknown trigger "kafka"; expected one of sqs, s3, http, invoke, kinesis, dynamodb',
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('npm start', () => {
  it('runs every trigger on the samples and prints what landed (--once)', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'infra/local/start.ts', '--once'], {
      env: process.env,
      timeout: 180_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    for (const trigger of ['sqs', 's3', 'http', 'invoke', 'kinesis', 'dynamodb'])
      expect(stdout).toMatch(new RegExp(`✓ ${trigger}\\s`));
    expect(stdout).not.toContain('✗');
    const count = Number(/What landed in Kafka \((\d+) records\)/.exec(stdout)?.[1]);
    expect(count).toBe(42);
    expect(stdout).toMatch(/^topic\s+partition\s+offset\s+key\s+value\s+headers$/m);
  });
});
