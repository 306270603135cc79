import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT, stackLayout } from '../../infra/stack/layout.ts';
import { stack } from './stack.ts';

/*
 * Registry-aware deserializers that are not ours: AWS's Glue Schema Registry
 * serde (Java, from Maven Central) and Confluent's Python client with its
 * Schema Registry deserializers (from PyPI). Each is installed on first use,
 * into the shared cache and the project's .venv.
 */

const run = promisify(execFile);
const SERDES_POM = join(ROOT, 'infra', 'registry', 'serdes', 'pom.xml');
const REQUIREMENTS = join(ROOT, 'infra', 'registry', 'requirements.txt');

/** The Glue serde's jars (fetched with infra/registry/serdes/pom.xml once per pom change). */
export function glueSerdeClasspath(): string {
  const layout = stackLayout();
  const digest = createHash('sha256').update(readFileSync(SERDES_POM)).digest('hex').slice(0, 12);
  const libs = join(layout.cacheDir, `registry-serdes-${digest}`, 'libs');
  const marker = join(libs, '..', '.complete');
  if (!existsSync(marker)) {
    rmSync(libs, { recursive: true, force: true });
    mkdirSync(libs, { recursive: true });
    execFileSync(
      'mvn',
      [
        '-q',
        '-B',
        '-f',
        SERDES_POM,
        'dependency:copy-dependencies',
        `-DoutputDirectory=${libs}`,
        '-DincludeScope=runtime',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], timeout: 20 * 60_000 },
    );
    writeFileSync(marker, new Date().toISOString());
  }
  return join(libs, '*');
}

/** The .venv's python with confluent-kafka and its registry extras (infra/registry/requirements.txt). */
export function confluentPython(): string {
  const venv = stackLayout().venvDir;
  const python = join(venv, 'bin', 'python');
  const digest = createHash('sha256').update(readFileSync(REQUIREMENTS)).digest('hex');
  const marker = join(venv, '.registry-requirements.sha256');
  if (!existsSync(marker) || readFileSync(marker, 'utf8') !== digest) {
    execFileSync(python, ['-m', 'pip', 'install', '-q', '--disable-pip-version-check', '-r', REQUIREMENTS], {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 15 * 60_000,
    });
    writeFileSync(marker, digest);
  }
  return python;
}

/** Decodes `count` records of a topic with AWS's GlueSchemaRegistryKafkaDeserializer; the values as JSON. */
export async function glueDecode(topic: string, count: number): Promise<unknown[]> {
  const s = stack();
  const { stdout } = await run(
    'java',
    [
      '-cp',
      glueSerdeClasspath(),
      join(ROOT, 'test', 'helpers', 'registry', 'GlueRegistryConsumer.java'),
      s.bootstrap.plaintext,
      topic,
      String(count),
      s.aws.endpoint,
      s.aws.region,
    ],
    {
      timeout: 120_000,
      maxBuffer: 16 * 1024 * 1024,
      env: {
        ...process.env,
        AWS_ACCESS_KEY_ID: s.aws.accessKeyId,
        AWS_SECRET_ACCESS_KEY: s.aws.secretAccessKey,
      },
    },
  );
  return stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as unknown);
}

/** Decodes `count` records with confluent-kafka's AvroDeserializer / JSONDeserializer through the registry. */
export async function confluentDecode(
  topic: string,
  count: number,
  registry: { url: string; format: 'avro' | 'json_schema'; keys: boolean; user?: string; password?: string },
): Promise<Array<{ key: unknown; value: unknown }>> {
  const args = [
    join(ROOT, 'test', 'helpers', 'registry', 'confluent_consume.py'),
    stack().bootstrap.plaintext,
    topic,
    String(count),
    registry.url,
    registry.format,
    registry.keys ? '1' : '0',
    ...(registry.user ? [registry.user, registry.password ?? ''] : []),
  ];
  const { stdout } = await run(confluentPython(), args, { timeout: 120_000, maxBuffer: 16 * 1024 * 1024 });
  return stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { key: unknown; value: unknown });
}
