import { execFile, execFileSync, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT, stackLayout } from '../../infra/stack/layout.ts';
import { stack } from './stack.ts';

/*
 * Kafka clients that are not ours, to check what we write against: kcat
 * (librdkafka) and Kafka's own Java console tools, run from the broker's jars.
 */

const run = promisify(execFile);

/** A record as another client printed it. */
export interface PlainRecord {
  key: string | null;
  value: string;
}

/** Installs kcat when it is missing (infra/bench/install-kcat.sh: Debian's package). */
export function ensureKcat(): void {
  execFileSync('bash', [join(ROOT, 'infra', 'bench', 'install-kcat.sh')], { stdio: 'pipe' });
}

/** Reads `count` records from the beginning with kcat (librdkafka), as its JSON envelope gives them. */
export async function kcatRead(topic: string, count: number): Promise<PlainRecord[]> {
  const { stdout } = await run(
    'kcat',
    [
      '-C',
      '-b',
      stack().bootstrap.plaintext,
      '-t',
      topic,
      '-o',
      'beginning',
      '-c',
      String(count),
      '-J',
      '-q',
    ],
    { timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
  );
  return stdout
    .trim()
    .split('\n')
    .map((line) => {
      const r = JSON.parse(line) as { key: string | null; payload: string };
      return { key: r.key, value: r.payload };
    });
}

/** Produces lines (`key\tvalue`) with kcat compressed with `codec`. */
export function kcatProduce(topic: string, codec: string, records: PlainRecord[]): Promise<void> {
  return feed(
    'kcat',
    ['-P', '-b', stack().bootstrap.plaintext, '-t', topic, '-z', codec, '-K', '\t'],
    records,
  );
}

const javaTool = (main: string, args: string[]) => ['-cp', stack().kafkaClasspath, main, ...args];

/** Reads `count` records from the beginning with Kafka's own Java console consumer. */
export async function javaConsoleRead(topic: string, count: number): Promise<PlainRecord[]> {
  const { stdout } = await run(
    'java',
    javaTool('org.apache.kafka.tools.consumer.ConsoleConsumer', [
      '--bootstrap-server',
      stack().bootstrap.plaintext,
      '--topic',
      topic,
      '--from-beginning',
      '--max-messages',
      String(count),
      '--timeout-ms',
      '60000',
      '--property',
      'print.key=true',
      '--property',
      'key.separator=\t',
    ]),
    { timeout: 90_000, maxBuffer: 64 * 1024 * 1024 },
  );
  return stdout
    .trimEnd()
    .split('\n')
    .map((line) => {
      const tab = line.indexOf('\t');
      const key = line.slice(0, tab);
      return { key: key === 'null' ? null : key, value: line.slice(tab + 1) };
    });
}

/** Produces `key\tvalue` lines with Kafka's own Java console producer, compressed with `codec`. */
export function javaConsoleProduce(topic: string, codec: string, records: PlainRecord[]): Promise<void> {
  return feed(
    'java',
    // Kafka 4 moved the console producer from core (Scala) to the tools module.
    javaTool(
      stack().kafkaVersion.startsWith('3.')
        ? 'kafka.tools.ConsoleProducer'
        : 'org.apache.kafka.tools.ConsoleProducer',
      [
        '--bootstrap-server',
        stack().bootstrap.plaintext,
        '--topic',
        topic,
        '--compression-codec',
        codec,
        '--property',
        'parse.key=true',
        '--property',
        'key.separator=\t',
      ],
    ),
    records,
  );
}

function feed(command: string, args: string[], records: PlainRecord[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill(), 90_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${command} exited with ${code}: ${stderr.slice(-2000)}`));
    });
    child.stdin.end(records.map((r) => `${r.key ?? ''}\t${r.value}\n`).join(''));
  });
}

/**
 * The compression codec of every batch the broker stored for a topic, read
 * from its log segments with Kafka's DumpLogSegments: proof of what was
 * written, not only of what came back.
 */
export async function storedCodecs(topic: string, partition = 0): Promise<string[]> {
  const layout = stackLayout();
  const dir = join(layout.stateDir, `kafka-data-${layout.kafkaVersion}`, `${topic}-${partition}`);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.log'))
    .map((f) => join(dir, f));
  const { stdout } = await run(
    'java',
    javaTool('kafka.tools.DumpLogSegments', ['--files', files.join(',')]),
    {
      timeout: 60_000,
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return [...stdout.matchAll(/compresscodec: (\w+)/g)].map((m) => m[1]!.toLowerCase());
}
