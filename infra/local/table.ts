import type { LandedRecord } from './topic-reader.ts';

const clip = (text: string, width: number) => (text.length > width ? `${text.slice(0, width - 1)}…` : text);

/** Prints records as a readable table: topic, partition, offset, key, value and headers. */
export function printRecords(
  records: readonly LandedRecord[],
  write = (line: string) => console.log(line),
): void {
  const rows = records.map((r) => [
    r.topic,
    String(r.partition),
    r.offset,
    r.key?.toString('utf8') ?? '',
    clip(r.value?.toString('utf8') ?? 'null', 60),
    clip(
      Object.entries(r.headers)
        .map(([k, v]) => `${k}=${v}`)
        .join(' '),
      50,
    ),
  ]);
  const header = ['topic', 'partition', 'offset', 'key', 'value', 'headers'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  write(line(header));
  write(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) write(line(row));
}
