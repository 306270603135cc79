const SEED = 0x9747b28c;
const M = 0x5bd1e995;

/**
 * MurmurHash2 (32 bit) as Kafka's Java client computes it for record keys
 * (`org.apache.kafka.common.utils.Utils.murmur2`), which KafkaJS's default
 * partitioner matches: same key bytes, same partition, whichever client wrote.
 */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  let h = SEED ^ length;
  const whole = length & ~3;
  for (let i = 0; i < whole; i += 4) {
    let k = data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  // The last 1-3 bytes, highest first (the reference's fall-through switch).
  const tail = length & 3;
  if (tail === 3) h ^= data[whole + 2]! << 16;
  if (tail >= 2) h ^= data[whole + 1]! << 8;
  if (tail >= 1) h = Math.imul(h ^ data[whole]!, M);
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h;
}

/** The partition of a keyed record among `count`: Kafka's `toPositive(murmur2(key)) % count`. */
export function keyPartition(key: Uint8Array, count: number): number {
  return (murmur2(key) & 0x7fffffff) % count;
}
