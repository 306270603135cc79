import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './layout.ts';

/**
 * Makes sure the jars of Apache Kafka `version` (broker, tools and their
 * runtime dependencies) are in the cache, fetching them from Maven Central
 * with infra/kafka/pom.xml on first use. Returns the folder of jars.
 */
export function ensureKafkaDistribution(cacheDir: string, version: string): string {
  if (!/^\d+\.\d+\.\d+$/.test(version)) {
    throw new Error(`KAFKA_VERSION: expected a release like 3.9.1 or 4.1.1; got "${version}"`);
  }
  const libs = join(cacheDir, `kafka-${version}`, 'libs');
  const marker = join(cacheDir, `kafka-${version}`, '.complete');
  if (existsSync(marker)) return libs;
  rmSync(libs, { recursive: true, force: true });
  mkdirSync(libs, { recursive: true });
  console.log(`Fetching Apache Kafka ${version} from Maven Central (first run only)...`);
  try {
    execFileSync(
      'mvn',
      [
        '-q',
        '-B',
        '-f',
        join(ROOT, 'infra', 'kafka', 'pom.xml'),
        `-Dkafka.version=${version}`,
        'dependency:copy-dependencies',
        `-DoutputDirectory=${libs}`,
        '-DincludeScope=runtime',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
  } catch (err) {
    const out = (err as { stdout?: Buffer }).stdout?.toString() ?? '';
    throw new Error(`Could not fetch Apache Kafka ${version} with Maven:\n${out.slice(-2000)}`, {
      cause: err,
    });
  }
  if (!readdirSync(libs).some((f) => f.startsWith('kafka_'))) {
    throw new Error(`Maven finished but no Kafka broker jar is in ${libs}`);
  }
  writeFileSync(marker, new Date().toISOString());
  return libs;
}
