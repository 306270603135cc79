// Resolved by serverless.yml (`resources`) at package time: the least-privilege IAM policy for
// AWS_MSK_IAM, or nothing at all when neither mskClusterArn nor mskRoleArn is set.
// CommonJS because osls loads `${file(...)}` JavaScript with require().

const CLUSTER_ARN = /^arn:(aws[a-z-]*):kafka:([a-z0-9-]+):([0-9]{12}):cluster\/([^/]+)\/([^/]+)$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::[0-9]{12}:role\/[\w+=,.@/-]+$/;

/** kafka-cluster actions a producer needs, on the cluster and on its topics (MSK's IAM access control). */
function clusterStatements(clusterArn, topics) {
  const match = CLUSTER_ARN.exec(clusterArn);
  if (!match) {
    throw new Error(
      `param mskClusterArn: expected arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>; got "${clusterArn}"`,
    );
  }
  const [, partition, region, account, name, uuid] = match;
  const topicArns = topics.map(
    (topic) => `arn:${partition}:kafka:${region}:${account}:topic/${name}/${uuid}/${topic}`,
  );
  return [
    {
      Effect: 'Allow',
      Action: ['kafka-cluster:Connect', 'kafka-cluster:DescribeCluster'],
      Resource: clusterArn,
    },
    {
      Effect: 'Allow',
      Action: ['kafka-cluster:DescribeTopic', 'kafka-cluster:WriteData'],
      Resource: topicArns,
    },
  ];
}

module.exports = async ({ resolveVariable }) => {
  const clusterArn = String((await resolveVariable('param:mskClusterArn')) ?? '').trim();
  const roleArn = String((await resolveVariable('param:mskRoleArn')) ?? '').trim();
  const topics = String((await resolveVariable('param:mskTopics')) ?? '*')
    .split(',')
    .map((topic) => topic.trim())
    .filter(Boolean);
  const statements = [];
  if (clusterArn) statements.push(...clusterStatements(clusterArn, topics.length > 0 ? topics : ['*']));
  if (roleArn) {
    if (!ROLE_ARN.test(roleArn)) {
      throw new Error(`param mskRoleArn: expected arn:aws:iam::<account>:role/<name>; got "${roleArn}"`);
    }
    // Cross-account (sasl_config.aws_role_arn): the kafka-cluster statements belong to that role.
    statements.push({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: roleArn });
  }
  if (statements.length === 0) return {};
  return {
    Resources: {
      MskIamPolicy: {
        Type: 'AWS::IAM::Policy',
        Properties: {
          PolicyName: 'msk-iam-producer',
          Roles: [{ Ref: 'IamRoleLambdaExecution' }],
          PolicyDocument: { Version: '2012-10-17', Statement: statements },
        },
      },
    },
  };
};
