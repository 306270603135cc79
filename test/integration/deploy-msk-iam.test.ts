import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT, stackLayout } from '../../infra/stack/layout.ts';

const run = promisify(execFile);
const CLUSTER = 'arn:aws:kafka:eu-west-1:123456789012:cluster/orders/0a1b2c3d-1111-2222-3333-444455556666-s1';
const TOPICS = 'arn:aws:kafka:eu-west-1:123456789012:topic/orders/0a1b2c3d-1111-2222-3333-444455556666-s1';

interface Template {
  Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
}

/** `osls package` (which builds the zips) into a folder of its own, so the other packaging test's output stays. */
async function packageWith(params: string[]): Promise<{ template: Template; file: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'ske-msk-deploy-'));
  await run('npx', ['osls', 'package', '--package', dir, ...params.map((p) => `--param=${p}`)], {
    cwd: ROOT,
    timeout: 120_000,
  });
  const file = join(dir, 'cloudformation-template-update-stack.json');
  return { template: JSON.parse(readFileSync(file, 'utf8')) as Template, file };
}

async function cfnLint(file: string): Promise<number> {
  const cfnLintBin = join(stackLayout().venvDir, 'bin', 'cfn-lint');
  // W3005 comes from the httpApi route osls generates (see package-artifacts.test.ts).
  return run(cfnLintBin, ['--ignore-checks', 'W3005', '--', file]).then(
    () => 0,
    (err: { code: number; stdout: string }) => {
      console.log(err.stdout);
      return err.code;
    },
  );
}

describe('serverless.yml for Amazon MSK with IAM access control', () => {
  it('adds nothing when mskClusterArn is unset', async () => {
    const { template } = await packageWith([]);
    // The only IAM policies are the stream ones, each behind the condition of its own ARN parameter.
    const policies = Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::IAM::Policy');
    expect(policies.filter(([, r]) => !('Condition' in r)).map(([name]) => name)).toEqual([]);
    expect(template.Resources.MskIamPolicy).toBeUndefined();
    expect(JSON.stringify(template)).not.toContain('kafka-cluster:');
  });

  it('grants Connect and DescribeCluster on the cluster and DescribeTopic and WriteData on its topics, cfn-lint clean', async () => {
    const { template, file } = await packageWith([`mskClusterArn=${CLUSTER}`, 'mskTopics=orders,orders-dlq']);
    const policy = template.Resources.MskIamPolicy!;
    expect(policy.Type).toBe('AWS::IAM::Policy');
    expect(policy.Properties.Roles).toEqual([{ Ref: 'IamRoleLambdaExecution' }]);
    expect((policy.Properties.PolicyDocument as { Statement: unknown[] }).Statement).toEqual([
      {
        Effect: 'Allow',
        Action: ['kafka-cluster:Connect', 'kafka-cluster:DescribeCluster'],
        Resource: CLUSTER,
      },
      {
        Effect: 'Allow',
        Action: ['kafka-cluster:DescribeTopic', 'kafka-cluster:WriteData'],
        Resource: [`${TOPICS}/orders`, `${TOPICS}/orders-dlq`],
      },
    ]);
    expect(await cfnLint(file)).toBe(0);
  });

  it('grants sts:AssumeRole on mskRoleArn only, for a cluster in another account', async () => {
    const role = 'arn:aws:iam::210987654321:role/msk-writer';
    const { template } = await packageWith([`mskRoleArn=${role}`]);
    expect(
      (template.Resources.MskIamPolicy!.Properties.PolicyDocument as { Statement: unknown[] }).Statement,
    ).toEqual([{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: role }]);
  });

  it('refuses a cluster ARN that is not one, naming the parameter', async () => {
    const failure = await packageWith(['mskClusterArn=arn:aws:kafka:eu-west-1:123456789012:orders']).then(
      () => 'packaged',
      (err: { stdout: string; stderr: string }) => `${err.stdout}${err.stderr}`,
    );
    expect(failure).toMatch(
      /param mskClusterArn: expected arn:aws:kafka:<region>:<account>:cluster\/<name>\/<uuid>/,
    );
  });
});
