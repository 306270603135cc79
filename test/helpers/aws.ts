import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { S3Client } from '@aws-sdk/client-s3';
import {
  CreateSecretCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { stack } from './stack.ts';

/** Client settings pointing the real AWS SDK at the local emulator. */
export function awsClientConfig() {
  const { aws } = stack();
  return {
    endpoint: aws.endpoint,
    region: aws.region,
    credentials: { accessKeyId: aws.accessKeyId, secretAccessKey: aws.secretAccessKey },
  };
}

export const secretsClient = () => new SecretsManagerClient(awsClientConfig());
export const s3Client = () => new S3Client({ ...awsClientConfig(), forcePathStyle: true });
export const sqsClient = () => new SQSClient(awsClientConfig());
// The Kinesis client speaks HTTP/2 by default (for SubscribeToShard); the emulator serves HTTP/1.1.
export const kinesisClient = () =>
  new KinesisClient({ ...awsClientConfig(), requestHandler: new NodeHttpHandler() });
export const dynamodbClient = () => new DynamoDBClient(awsClientConfig());
export const dynamodbStreamsClient = () => new DynamoDBStreamsClient(awsClientConfig());

/** Creates (or overwrites) a secret; objects are stored as JSON. */
export async function putSecret(name: string, value: string | object): Promise<void> {
  const SecretString = typeof value === 'string' ? value : JSON.stringify(value);
  const client = secretsClient();
  try {
    await client.send(new CreateSecretCommand({ Name: name, SecretString }));
  } catch (err) {
    if ((err as Error).name !== 'ResourceExistsException') throw err;
    await client.send(new PutSecretValueCommand({ SecretId: name, SecretString }));
  }
}

/** API calls the emulator has served, per operation (e.g. "secretsmanager.GetSecretValue"), counted at the emulator. */
export async function emulatorCounts(): Promise<Record<string, number>> {
  const res = await fetch(`${stack().aws.endpoint}/_counts`);
  return (await res.json()) as Record<string, number>;
}
