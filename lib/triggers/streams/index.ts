export type { StreamBatchResponse } from './batch-response.ts';
export { toStreamBatchResponse } from './batch-response.ts';
export type { ShardRecord, StreamDecoded } from './shard-order.ts';
export { exportInShardOrder } from './shard-order.ts';
