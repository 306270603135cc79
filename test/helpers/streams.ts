import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  GetRecordsCommand as GetStreamRecordsCommand,
  GetShardIteratorCommand as GetStreamShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import {
  CreateStreamCommand,
  DescribeStreamCommand as DescribeKinesisStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type KinesisClient,
  ListShardsCommand,
  waitUntilStreamExists,
} from '@aws-sdk/client-kinesis';
import { dynamodbStreamsClient } from './aws.ts';
import { stack } from './stack.ts';

const ROLE = 'arn:aws:iam::123456789012:role/ske-test';

/** Creates a Kinesis stream with `shards` shards and waits until it is ACTIVE; returns its ARN. */
export async function createKinesisStream(kinesis: KinesisClient, name: string, shards = 1): Promise<string> {
  await kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
  await waitUntilStreamExists({ client: kinesis, maxWaitTime: 30, minDelay: 1 }, { StreamName: name });
  const { StreamDescription } = await kinesis.send(new DescribeKinesisStreamCommand({ StreamName: name }));
  return StreamDescription!.StreamARN!;
}

/**
 * The event Lambda's Kinesis event source mapping would deliver for every
 * record in the stream, read the way it reads them (ListShards,
 * GetShardIterator from TRIM_HORIZON, GetRecords), one batch per shard.
 */
export async function kinesisEvents(kinesis: KinesisClient, name: string, arn: string) {
  const { Shards = [] } = await kinesis.send(new ListShardsCommand({ StreamName: name }));
  const events = [];
  for (const shard of Shards) {
    const { ShardIterator } = await kinesis.send(
      new GetShardIteratorCommand({
        StreamName: name,
        ShardId: shard.ShardId!,
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    );
    const { Records = [] } = await kinesis.send(new GetRecordsCommand({ ShardIterator, Limit: 10_000 }));
    events.push({
      Records: Records.map((r) => ({
        kinesis: {
          kinesisSchemaVersion: '1.0',
          partitionKey: r.PartitionKey!,
          sequenceNumber: r.SequenceNumber!,
          data: Buffer.from(r.Data!).toString('base64'),
          approximateArrivalTimestamp: r.ApproximateArrivalTimestamp!.getTime() / 1000,
        },
        eventSource: 'aws:kinesis',
        eventVersion: '1.0',
        eventID: `${shard.ShardId}:${r.SequenceNumber}`,
        eventName: 'aws:kinesis:record',
        invokeIdentityArn: ROLE,
        awsRegion: stack().aws.region,
        eventSourceARN: arn,
      })),
    });
  }
  return events;
}

/** Creates a table keyed by `pk` (string) and `sk` (number) with a NEW_AND_OLD_IMAGES stream; returns the stream ARN. */
export async function createStreamedTable(dynamodb: DynamoDBClient, name: string): Promise<string> {
  await dynamodb.send(
    new CreateTableCommand({
      TableName: name,
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'N' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    }),
  );
  await waitUntilTableExists({ client: dynamodb, maxWaitTime: 30, minDelay: 1 }, { TableName: name });
  const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: name }));
  return Table!.LatestStreamArn!;
}

/** An attribute value as the Lambda event carries it: binary as base64 text, as in DynamoDB's JSON. */
function lambdaAttribute(value: Record<string, unknown>): Record<string, unknown> {
  const [[type, inner]] = Object.entries(value) as [[string, unknown]];
  if (type === 'B') return { B: Buffer.from(inner as Uint8Array).toString('base64') };
  if (type === 'BS') return { BS: (inner as Uint8Array[]).map((b) => Buffer.from(b).toString('base64')) };
  if (type === 'M') return { M: lambdaImage(inner as Record<string, Record<string, unknown>>) };
  if (type === 'L') return { L: (inner as Array<Record<string, unknown>>).map(lambdaAttribute) };
  return { [type]: inner };
}

function lambdaImage(image: Record<string, Record<string, unknown>> | undefined) {
  return image && Object.fromEntries(Object.entries(image).map(([name, v]) => [name, lambdaAttribute(v)]));
}

/**
 * The event Lambda's DynamoDB Streams event source mapping would deliver for
 * every record of the stream, read with the dynamodbstreams API
 * (DescribeStream, GetShardIterator from TRIM_HORIZON, GetRecords), one batch per shard.
 */
export async function dynamodbEvents(streamArn: string) {
  const streams = dynamodbStreamsClient();
  const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
  const events = [];
  for (const shard of StreamDescription!.Shards ?? []) {
    const { ShardIterator } = await streams.send(
      new GetStreamShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shard.ShardId!,
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    );
    const { Records = [] } = await streams.send(new GetStreamRecordsCommand({ ShardIterator, Limit: 1000 }));
    events.push({
      Records: Records.map((r) => {
        const d = r.dynamodb!;
        const dynamodb: Record<string, unknown> = {
          ApproximateCreationDateTime: Math.floor(d.ApproximateCreationDateTime!.getTime() / 1000),
          Keys: lambdaImage(d.Keys as never),
          SequenceNumber: d.SequenceNumber!,
          SizeBytes: d.SizeBytes!,
          StreamViewType: d.StreamViewType!,
        };
        if (d.NewImage) dynamodb.NewImage = lambdaImage(d.NewImage as never);
        if (d.OldImage) dynamodb.OldImage = lambdaImage(d.OldImage as never);
        return {
          eventID: r.eventID!,
          eventName: r.eventName!,
          eventVersion: r.eventVersion!,
          eventSource: 'aws:dynamodb',
          awsRegion: r.awsRegion!,
          dynamodb,
          eventSourceARN: streamArn,
        };
      }),
    });
  }
  streams.destroy();
  return events;
}
