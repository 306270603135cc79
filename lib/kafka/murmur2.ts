const SEED = 0x9747b28c;
const M = 0x5bd1e995;
/** Any code unit above U+007F: the text's UTF-8 bytes are not its char codes. */
const NOT_ASCII = /[^\p{ASCII}]/u;

function mixWord(h: number, word: number): number {
  let k = Math.imul(word, M);
  k ^= k >>> 24;
  return Math.imul(h, M) ^ Math.imul(k, M);
}

/** The last 1-3 bytes, highest first (the reference's fall-through switch), then the final avalanche. */
function finish(h: number, tail: number, b0: number, b1: number, b2: number): number {
  if (tail === 3) h ^= b2 << 16;
  if (tail >= 2) h ^= b1 << 8;
  if (tail >= 1) h = Math.imul(h ^ b0, M);
  h ^= h >>> 13;
  h = Math.imul(h, M);
  return h ^ (h >>> 15);
}

/**
 * MurmurHash2 (32 bit) as Kafka's Java client computes it for record keys
 * (`org.apache.kafka.common.utils.Utils.murmur2`), which KafkaJS's default
 * partitioner matches: same key bytes, same partition, whichever client wrote.
 */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  const whole = length & ~3;
  let h = SEED ^ length;
  for (let i = 0; i < whole; i += 4)
    h = mixWord(h, data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24));
  return finish(h, length & 3, data[whole] ?? 0, data[whole + 1] ?? 0, data[whole + 2] ?? 0);
}

/** {@link murmur2} of an ASCII string's bytes (its char codes), without encoding it first. */
function murmur2Ascii(text: string): number {
  const length = text.length;
  const whole = length & ~3;
  let h = SEED ^ length;
  for (let i = 0; i < whole; i += 4)
    h = mixWord(
      h,
      text.charCodeAt(i) |
        (text.charCodeAt(i + 1) << 8) |
        (text.charCodeAt(i + 2) << 16) |
        (text.charCodeAt(i + 3) << 24),
    );
  const byteAt = (i: number) => (i < length ? text.charCodeAt(i) : 0);
  return finish(h, length & 3, byteAt(whole), byteAt(whole + 1), byteAt(whole + 2));
}

/**
 * The partition of a keyed record among `count`: Kafka's
 * `toPositive(murmur2(key)) % count`, a string key taken as its UTF-8 bytes.
 */
export function keyPartition(key: string | Uint8Array, count: number): number {
  const hash =
    typeof key !== 'string'
      ? murmur2(key)
      : NOT_ASCII.test(key)
        ? murmur2(Buffer.from(key, 'utf8'))
        : murmur2Ascii(key);
  return (hash & 0x7fffffff) % count;
}
