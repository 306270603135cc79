import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { readZip } from '../../infra/build/unzip.ts';
import { ROOT, stackLayout } from '../../infra/stack/layout.ts';

const run = promisify(execFile);
type Template = { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };

/** A copy of the project as a user has it after `npm ci`: no dist/, no .serverless/. */
let project: string;
const SKIP = new Set(['node_modules', '.git', '.stack', '.venv', 'dist', '.serverless', 'coverage']);

/** Runs `npx osls <args>` in the copy; never throws for its exit code. */
async function osls(...args: string[]): Promise<{ code: number; output: string }> {
  const env = { ...process.env, SKE_PACKAGE_CONFIG: '' };
  try {
    const { stdout, stderr } = await run('npx', ['osls', ...args], { cwd: project, env, timeout: 180_000 });
    return { code: 0, output: stdout + stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: e.stdout + e.stderr };
  }
}

const functionNames = () =>
  readdirSync(join(project, 'functions'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.slice(0, -3));

/** Each function's zip, read back: entry name to text. */
function zipContents(): Record<string, Record<string, string>> {
  return Object.fromEntries(
    functionNames().map((name) => [
      name,
      Object.fromEntries(
        readZip(readFileSync(join(project, 'dist', 'zips', `${name}.zip`))).map((e) => [
          e.name,
          e.data.toString(),
        ]),
      ),
    ]),
  );
}

/** The source file that holds a string every bundle contains (wherever the exporter's code lives). */
function sourceHolding(text: string): string {
  const found = readdirSync(join(project, 'lib'), { recursive: true, encoding: 'utf8' })
    .map((f) => join(project, 'lib', f))
    .filter((f) => f.endsWith('.ts') && readFileSync(f, 'utf8').includes(text));
  expect(found, `one source file holds ${text}`).toHaveLength(1);
  return found[0]!;
}

const template = (): Template =>
  JSON.parse(readFileSync(join(project, '.serverless', 'cloudformation-template-update-stack.json'), 'utf8'));

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'ske-project-'));
  cpSync(ROOT, project, {
    recursive: true,
    filter: (src) => !SKIP.has(relative(ROOT, src).split('/')[0]!),
  });
  symlinkSync(join(ROOT, 'node_modules'), join(project, 'node_modules'));
});

describe('osls package on its own', () => {
  it('builds every function zip in a checkout that has none, with its exporter.yaml', async () => {
    const { code, output } = await osls('package');
    expect(code, output).toBe(0);
    const config = readFileSync(join(project, 'exporter.yaml'), 'utf8');
    const zips = zipContents();
    expect(Object.keys(zips).sort()).toEqual(['dynamodb', 'http', 'invoke', 'kinesis', 's3', 'sqs']);
    for (const [name, entries] of Object.entries(zips)) {
      const names = Object.keys(entries).sort();
      // The bundle, its on-demand chunks (codecs, registry: infra/build/bundle.ts) and the config.
      expect(
        names.filter((n) => !n.startsWith('chunks/')),
        name,
      ).toEqual(['exporter.yaml', 'exporter.yaml.validated.json', 'index.mjs']);
      expect(
        names.filter((n) => n.startsWith('chunks/')).every((n) => /^chunks\/[\w-]+\.mjs$/.test(n)),
        name,
      ).toBe(true);
      expect(entries['exporter.yaml'], name).toBe(config);
      expect(JSON.parse(entries['exporter.yaml.validated.json']!).yaml, name).toBe(config);
    }
  });

  it('puts an edited exporter.yaml and edited code into every zip on the next package', async () => {
    const topic = `edited-${Math.random().toString(36).slice(2, 10)}`;
    const configFile = join(project, 'exporter.yaml');
    const config = readFileSync(configFile, 'utf8');
    expect(config).toMatch(/^topic: .*$/m);
    writeFileSync(configFile, config.replace(/^topic: .*$/m, `topic: ${topic}`));
    const source = sourceHolding("'export finished'");
    writeFileSync(
      source,
      readFileSync(source, 'utf8').replace("'export finished'", `'export finished ${topic}'`),
    );

    const { code, output } = await osls('package');
    expect(code, output).toBe(0);
    for (const [name, entries] of Object.entries(zipContents())) {
      expect(entries['exporter.yaml'], name).toContain(`topic: ${topic}`);
      // The packaged validation is of the edited text, so the function uses it rather than a stale one.
      expect(JSON.parse(entries['exporter.yaml.validated.json']!).config.topic, name).toBe(topic);
      expect(entries['index.mjs'], name).toContain(`export finished ${topic}`);
    }
  });

  it('stops with the config error, naming the key, when exporter.yaml is not valid', async () => {
    const configFile = join(project, 'exporter.yaml');
    const good = readFileSync(configFile, 'utf8');
    writeFileSync(configFile, good.replace(/^topic: .*$/m, 'topik: events'));
    const { code, output } = await osls('package');
    writeFileSync(configFile, good);
    expect(code).not.toBe(0);
    expect(output).toContain('exporter.yaml is not valid');
    expect(output).toContain('topik');
  });

  it('adds the alarms (iterator age for the stream functions), and the dashboard when asked, in a template that passes cfn-lint', async () => {
    const { code, output } = await osls(
      'package',
      '--param=dashboard=true',
      '--param=kinesisStreamArn=arn:aws:kinesis:eu-west-1:123456789012:stream/hive-events',
      '--param=dynamodbStreamArn=arn:aws:dynamodb:eu-west-1:123456789012:table/hives/stream/2026-12-01T00:00:00.000',
    );
    expect(code, output).toBe(0);
    const resources = template().Resources as Record<string, { Type: string; Condition?: string }>;
    const typed = (type: string) => Object.keys(resources).filter((id) => resources[id]!.Type === type);
    expect(typed('AWS::CloudWatch::Alarm').sort()).toEqual([
      'DynamodbErrorRateAlarm',
      'DynamodbIteratorAgeAlarm',
      'ExportDeadLetterQueueDepthAlarm',
      'HttpErrorRateAlarm',
      'InvokeErrorRateAlarm',
      'InvokeFailureQueueDepthAlarm',
      'KinesisErrorRateAlarm',
      'KinesisIteratorAgeAlarm',
      'S3ErrorRateAlarm',
      'S3FailureQueueDepthAlarm',
      'SqsErrorRateAlarm',
      'StreamFailureQueueDepthAlarm',
    ]);
    // The stream mappings and their failure queue exist only when an ARN is set; so do their alarms.
    expect(resources.KinesisIteratorAgeAlarm!.Condition).toBe('KinesisEnabled');
    expect(resources.DynamodbIteratorAgeAlarm!.Condition).toBe('DynamodbEnabled');
    expect(resources.StreamFailureQueueDepthAlarm!.Condition).toBe('StreamsEnabled');
    expect(typed('AWS::CloudWatch::Dashboard')).toEqual(['ExporterDashboard']);
    const cfnLint = join(stackLayout().venvDir, 'bin', 'cfn-lint');
    // W3005 (a DependsOn that a Ref already implies) is in the route osls generates for httpApi, not in our resources.
    const lint = await run(cfnLint, [
      '--ignore-checks',
      'W3005',
      '--',
      join(project, '.serverless', 'cloudformation-template-update-stack.json'),
    ]).then(
      () => ({ code: 0, stdout: '' }),
      (err: { code: number; stdout: string }) => err,
    );
    expect(lint.code, lint.stdout).toBe(0);
  });
});
