import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { DIST_DIR, functionNames } from '../../infra/build/bundle.ts';
import { readZip } from '../../infra/build/unzip.ts';
import { lambdaNode } from '../../infra/stack/lambda-node.ts';
import { ROOT, stackLayout } from '../../infra/stack/layout.ts';
import { s3ObjectsFromEvent } from '../../lib/triggers/s3/objects.ts';
import { loadEvent, withoutObjectChecks } from '../events/load.ts';
import { putSecret, s3Client } from '../helpers/aws.ts';
import { createTopics, readAll, uniqueTopic } from '../helpers/kafka.ts';
import { stack } from '../helpers/stack.ts';
import { FIXTURE_API_KEY } from '../helpers/triggers.ts';

const run = promisify(execFile);
type Json = Record<string, unknown>;
type Resource = { Type: string; Properties: Json };
type Template = { Resources: Record<string, Resource> };
type Statement = { Action: string | string[]; Resource: unknown };
type Invocation = { ok: boolean; result?: { statusCode?: number; body?: string } & Json; error?: Json };

const resourcesOf = (type: string) => Object.values(template.Resources).filter((r) => r.Type === type);
const actionsOf = (s: Statement) => [s.Action].flat();

// The bundles run on the Lambda runtime's Node (22) when the registry package can be had, else on this node.
const runtimeNode = lambdaNode(stackLayout().cacheDir) ?? process.execPath;
let topic: string;
let zips: Array<{ name: string; zip: string; bytes: number; bundleBytes: number }>;
let template: Template;
const artifactsDir = join(stackLayout().stateDir, 'artifacts');

/** Runs a packaged function from its extracted zip in a fresh node process, as Lambda would. */
async function invokeArtifact(name: string, event: unknown): Promise<Invocation> {
  const dir = join(artifactsDir, name);
  const eventFile = join(mkdtempSync(join(tmpdir(), 'ske-event-')), 'event.json');
  writeFileSync(eventFile, JSON.stringify(event));
  const { aws } = stack();
  const { stdout } = await run(
    runtimeNode,
    [join(ROOT, 'test', 'helpers', 'invoke-bundle.mjs'), dir, eventFile],
    {
      env: {
        PATH: process.env.PATH,
        KAFKA_BOOTSTRAP: stack().bootstrap.plaintext,
        SKE_CONFIG_FILE: 'exporter.yaml',
        AWS_ENDPOINT_URL: aws.endpoint,
        AWS_REGION: aws.region,
        AWS_ACCESS_KEY_ID: aws.accessKeyId,
        AWS_SECRET_ACCESS_KEY: aws.secretAccessKey,
      },
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const line = stdout.split('\n').find((l) => l.startsWith('@@RESULT '));
  if (!line) throw new Error(`no result from ${name}:\n${stdout.slice(-2000)}`);
  return JSON.parse(line.slice('@@RESULT '.length));
}

beforeAll(async () => {
  [topic] = (await createTopics([uniqueTopic('artifact')], 3)) as [string];
  // The repository's own exporter.yaml, only its default topic made unique for this run.
  const config = readFileSync(join(ROOT, 'exporter.yaml'), 'utf8').replace(/^topic: .*$/m, `topic: ${topic}`);
  const configDir = mkdtempSync(join(tmpdir(), 'ske-package-'));
  writeFileSync(join(configDir, 'exporter.yaml'), config);
  // osls builds the zips itself (the repository's plugin), from the config SKE_PACKAGE_CONFIG names.
  await run('npx', ['osls', 'package'], {
    cwd: ROOT,
    timeout: 120_000,
    env: { ...process.env, SKE_PACKAGE_CONFIG: join(configDir, 'exporter.yaml') },
  });
  zips = functionNames().map((name) => {
    const zip = join(DIST_DIR, 'zips', `${name}.zip`);
    const bundle = readZip(readFileSync(zip)).find((e) => e.name === 'index.mjs');
    return { name, zip, bytes: statSync(zip).size, bundleBytes: bundle?.data.length ?? 0 };
  });
  template = JSON.parse(
    readFileSync(join(ROOT, '.serverless', 'cloudformation-template-update-stack.json'), 'utf8'),
  );
  rmSync(artifactsDir, { recursive: true, force: true });
  for (const z of zips) {
    for (const entry of readZip(readFileSync(z.zip))) {
      const file = join(artifactsDir, z.name, entry.name);
      mkdirSync(join(file, '..'), { recursive: true });
      writeFileSync(file, entry.data);
    }
  }
  await putSecret('serverless-kafka-exporter/http', { api_key: FIXTURE_API_KEY });
}, 300_000);

describe('serverless package', () => {
  it('produces a template that passes cfn-lint', async () => {
    const cfnLint = join(stackLayout().venvDir, 'bin', 'cfn-lint');
    // W3005 (a DependsOn that a Ref already implies) is in the route osls generates for httpApi, not in our resources.
    const result = await run(cfnLint, [
      '--ignore-checks',
      'W3005',
      '--',
      join(ROOT, '.serverless', 'cloudformation-template-update-stack.json'),
    ]).then(
      () => 0,
      (err: { code: number; stdout: string }) => {
        console.log(err.stdout);
        return err.code;
      },
    );
    expect(result).toBe(0);
  });

  it('deploys every function on nodejs22.x, arm64, with the config file named in its environment', () => {
    const functions = Object.values(template.Resources).filter((r) => r.Type === 'AWS::Lambda::Function');
    expect(functions).toHaveLength(6);
    for (const f of functions) {
      expect(f.Properties.Runtime).toBe('nodejs22.x');
      expect(f.Properties.Architectures).toEqual(['arm64']);
      expect(f.Properties.Handler).toBe('index.handler');
      expect(f.Properties.Environment).toMatchObject({ Variables: { SKE_CONFIG_FILE: 'exporter.yaml' } });
    }
  });

  it('grants only GetSecretValue on the exporter secrets and GetObject on the source bucket', () => {
    const [role] = resourcesOf('AWS::IAM::Role');
    const policies = role!.Properties.Policies as Array<{ PolicyDocument: { Statement: Statement[] } }>;
    const statements = policies.flatMap((p) => p.PolicyDocument.Statement);
    const actions = statements.flatMap(actionsOf);
    expect(actions).toContain('secretsmanager:GetSecretValue');
    expect(actions).toContain('s3:GetObject');
    expect(actions.filter((a: string) => a.includes('*') && !a.startsWith('logs:'))).toEqual([]);
    const secretStatement = statements.find((s) => actionsOf(s).includes('secretsmanager:GetSecretValue'));
    expect(JSON.stringify(secretStatement!.Resource)).toContain(':secret:serverless-kafka-exporter/*');
    const s3Statement = statements.find((s) => actionsOf(s).includes('s3:GetObject'));
    expect(JSON.stringify(s3Statement!.Resource)).toMatch(
      /s3:::serverless-kafka-exporter-dev-landing-[a-z0-9-]+\/\*/,
    );
  });

  it('wires SQS with ReportBatchItemFailures, maximum concurrency and a dead-letter queue', () => {
    const mapping = Object.values(template.Resources).find(
      (r) => r.Type === 'AWS::Lambda::EventSourceMapping',
    )!;
    expect(mapping.Properties.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    expect(mapping.Properties.ScalingConfig).toEqual({ MaximumConcurrency: 10 });
    const queue = template.Resources.ExportQueue!;
    expect(queue.Properties.RedrivePolicy).toMatchObject({
      deadLetterTargetArn: { 'Fn::GetAtt': ['ExportDeadLetterQueue', 'Arn'] },
      maxReceiveCount: 5,
    });
  });

  it('has the S3 notification with a failure queue, the HTTP route and the schedule', () => {
    const types = Object.values(template.Resources).map((r) => r.Type);
    expect(types).toContain('AWS::S3::Bucket');
    const bucket = resourcesOf('AWS::S3::Bucket').find((r) => r.Properties.NotificationConfiguration)!;
    expect(JSON.stringify(bucket.Properties.NotificationConfiguration)).toContain('s3:ObjectCreated:*');
    const route = Object.values(template.Resources).find((r) => r.Type === 'AWS::ApiGatewayV2::Route')!;
    expect(route.Properties.RouteKey).toBe('POST /events');
    const invokeConfig = resourcesOf('AWS::Lambda::EventInvokeConfig').find(
      (r) => JSON.stringify(r.Properties.FunctionName) === JSON.stringify({ Ref: 'S3LambdaFunction' }),
    );
    expect(invokeConfig!.Properties).toMatchObject({
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['S3FailureQueue', 'Arn'] } } },
    });
    const rule = Object.values(template.Resources).find((r) => r.Type === 'AWS::Events::Rule')!;
    expect(rule.Properties.ScheduleExpression).toBe('rate(5 minutes)');
  });

  it("leaves KafkaJS's consumer and admin client out of the bundles (start-up cost; the functions only produce)", () => {
    for (const z of zips) {
      const bundle = readZip(readFileSync(z.zip))
        .filter((e) => e.name.endsWith('.mjs'))
        .map((e) => e.data.toString())
        .join('\n');
      expect(bundle).toContain('Limiting retries for the idempotent producer');
      expect(bundle).not.toContain('Consumer groupId must be a non-empty string');
      expect(bundle).toContain("KafkaJS's consumer is left out of the function bundles");
    }
  });

  it('maps Kinesis and DynamoDB streams only when their ARN is set, with partial batch failures, bisection, bounded retries and a failure queue', () => {
    const parameters = (
      template as unknown as { Parameters: Record<string, { Default: string; AllowedPattern: string }> }
    ).Parameters;
    const conditions = (template as unknown as { Conditions: Record<string, unknown> }).Conditions;
    for (const [name, parameter, example] of [
      ['Kinesis', 'KinesisStreamArn', 'arn:aws:kinesis:eu-west-1:123456789012:stream/hive-events'],
      [
        'Dynamodb',
        'DynamodbStreamArn',
        'arn:aws:dynamodb:eu-west-1:123456789012:table/hives/stream/2026-12-01T00:00:00.000',
      ],
    ] as const) {
      expect(parameters[parameter]!.Default).toBe('');
      const pattern = new RegExp(parameters[parameter]!.AllowedPattern);
      expect([
        pattern.test(''),
        pattern.test(example),
        pattern.test('arn:aws:sqs:eu-west-1:123456789012:q'),
      ]).toEqual([true, true, false]);
      expect(conditions[`${name}Enabled`]).toEqual({
        'Fn::Not': [{ 'Fn::Equals': [{ Ref: parameter }, ''] }],
      });
      const mapping = template.Resources[`${name}EventSourceMapping`] as Resource & { Condition: string };
      expect(mapping.Condition).toBe(`${name}Enabled`);
      expect(mapping.Properties).toMatchObject({
        FunctionName: { 'Fn::GetAtt': [`${name}LambdaFunction`, 'Arn'] },
        EventSourceArn: { Ref: parameter },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: 10,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['StreamFailureQueue', 'Arn'] } } },
      });
      // Least privilege: the poller's read actions on this stream only, and sending to the failure queue.
      const policy = template.Resources[`${name}ReadPolicy`] as Resource & { Condition: string };
      expect(policy.Condition).toBe(`${name}Enabled`);
      const statements = (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement;
      expect(statements.map((st) => st.Resource)).toEqual([
        { Ref: parameter },
        { 'Fn::GetAtt': ['StreamFailureQueue', 'Arn'] },
      ]);
      expect(statements.flatMap(actionsOf).filter((a) => a.includes('*'))).toEqual([]);
      expect(actionsOf(statements[1]!)).toEqual(['sqs:SendMessage']);
    }
    expect((template.Resources.StreamFailureQueue as Resource & { Condition: string }).Condition).toBe(
      'StreamsEnabled',
    );
  });

  it('keeps failed asynchronous invocations of the invoke function, and has an EventBridge rule only when its source is set', () => {
    const invokeConfig = resourcesOf('AWS::Lambda::EventInvokeConfig').find(
      (r) => JSON.stringify(r.Properties.FunctionName) === JSON.stringify({ Ref: 'InvokeLambdaFunction' }),
    );
    expect(invokeConfig!.Properties).toMatchObject({
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['InvokeFailureQueue', 'Arn'] } } },
    });
    const resources = template.Resources as Record<string, Resource & { Condition?: string }>;
    const rule = resources.EventBridgeRule!;
    expect(rule.Condition).toBe('EventBridgeEnabled');
    expect(rule.Properties).toMatchObject({
      EventPattern: { source: [{ Ref: 'EventBridgeSource' }] },
      Targets: [
        {
          Arn: { 'Fn::GetAtt': ['InvokeLambdaFunction', 'Arn'] },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['InvokeFailureQueue', 'Arn'] } },
        },
      ],
    });
    // Only this rule may invoke the function and write to the queue.
    expect(resources.EventBridgeInvokePermission!.Properties).toMatchObject({
      Principal: 'events.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': ['EventBridgeRule', 'Arn'] },
    });
    expect(JSON.stringify(resources.InvokeFailureQueuePolicy!.Properties)).toContain(
      '"aws:SourceArn":{"Fn::GetAtt":["EventBridgeRule","Arn"]}',
    );
  });

  it('ships each function as a zip of only its bundle, its on-demand chunks, the config and its validation, each under 1 MB', () => {
    for (const z of zips) {
      const names = readZip(readFileSync(z.zip))
        .map((e) => e.name)
        .sort();
      expect(names.filter((n) => !n.startsWith('chunks/'))).toEqual([
        'exporter.yaml',
        'exporter.yaml.validated.json',
        'index.mjs',
      ]);
      expect(names.filter((n) => n.startsWith('chunks/')).every((n) => /^chunks\/[\w-]+\.mjs$/.test(n))).toBe(
        true,
      );
      console.log(
        `[package] ${z.name}: bundle ${(z.bundleBytes / 1024).toFixed(0)} KB, zip ${(z.bytes / 1024).toFixed(0)} KB`,
      );
      expect(z.bytes).toBeLessThan(1024 * 1024);
    }
  });
});

describe('the packaged bundles, loaded from their zips, against the local stack', () => {
  it('run on the Lambda runtime Node version', async () => {
    const { stdout } = await run(runtimeNode, ['-v']);
    console.log(`[package] bundles run on node ${stdout.trim()}`);
    // The registry ships Node for Linux x64 and arm64; elsewhere the bundles run on this node.
    const supported = process.platform === 'linux' && ['x64', 'arm64'].includes(process.arch);
    expect(stdout.trim()).toMatch(supported ? /^v22\./ : /^v\d+\./);
  });

  it('sqs answers with no failures and the records land', async () => {
    const reply = await invokeArtifact('sqs', loadEvent('sqs/standard'));
    expect(reply).toEqual({ ok: true, result: { batchItemFailures: [] } });
    expect((await readAll(topic)).map((r) => r.value!.toString())).toContain('"hive 7 is quiet today"');
  });

  it('http authenticates with the key from Secrets Manager and answers 200', async () => {
    const reply = await invokeArtifact('http', loadEvent('apigw/rest-v1'));
    expect(reply.ok).toBe(true);
    expect(reply.result?.statusCode).toBe(200);
    expect(JSON.parse(reply.result?.body ?? '{}').results[0]).toMatchObject({ topic });
  });

  it('http refuses a request without the key', async () => {
    const event = loadEvent<{ headers: Record<string, string>; multiValueHeaders?: unknown }>(
      'apigw/rest-v1',
    );
    delete event.headers['X-Api-Key'];
    delete event.multiValueHeaders;
    const reply = await invokeArtifact('http', event);
    expect(reply.result?.statusCode).toBe(401);
  });

  it('s3 streams the objects of the notification', async () => {
    const event = withoutObjectChecks(loadEvent('s3/object-created'));
    const objects = s3ObjectsFromEvent(event);
    for (const o of objects) {
      await s3Client()
        .send(new CreateBucketCommand({ Bucket: o.bucket }))
        .catch(() => {});
      const body = o.key.endsWith('.csv') ? 'a,b\n1,2\n' : o.key.endsWith('.json') ? '[1,2]' : '{"x":1}\n';
      await s3Client().send(new PutObjectCommand({ Bucket: o.bucket, Key: o.key, Body: body }));
    }
    const reply = await invokeArtifact('s3', event);
    expect(reply).toMatchObject({
      ok: true,
      result: { objects: objects.map((o) => ({ key: o.key, failed: 0 })) },
    });
  });

  it('kinesis answers with no failures and the records land', async () => {
    const reply = await invokeArtifact('kinesis', loadEvent('kinesis/kpl-aggregated'));
    expect(reply).toEqual({ ok: true, result: { batchItemFailures: [] } });
    expect((await readAll(topic)).map((r) => r.value!.toString())).toContain('"buzz"');
  });

  it('dynamodb answers with no failures and its N values land exactly', async () => {
    const reply = await invokeArtifact('dynamodb', loadEvent('dynamodb/insert-modify-remove'));
    expect(reply).toEqual({ ok: true, result: { batchItemFailures: [] } });
    const values = (await readAll(topic)).map((r) => r.value!.toString());
    expect(
      values.some((v) =>
        v.includes('"count":12345678901234567890,"weight":0.1000000000000000055511151231257827'),
      ),
    ).toBe(true);
  });

  it('invoke exports an EventBridge event with its source and detail-type as headers', async () => {
    const reply = await invokeArtifact('invoke', loadEvent('eventbridge/custom-event'));
    expect(reply).toMatchObject({ ok: true, result: { messages: 1, delivered: 1, failed: 0 } });
    const landed = (await readAll(topic)).find(
      (r) => r.headers['eventbridge.source'] === 'com.example.apiary',
    );
    expect(landed?.headers['eventbridge.detail-type']).toBe('Hive Inspected');
  });

  it('invoke exports { messages } and returns a summary', async () => {
    const reply = await invokeArtifact('invoke', loadEvent('invoke/messages'));
    expect(reply).toMatchObject({ ok: true, result: { messages: 4, delivered: 4, failed: 0 } });
  });
});
