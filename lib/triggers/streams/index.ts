export type { StreamBatchResponse } from './reply.ts';
export { toStreamBatchResponse } from './reply.ts';
export type { ShardRecord, StreamDecoded } from './shard-order.ts';
export { exportInShardOrder } from './shard-order.ts';
