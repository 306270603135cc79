import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './layout.ts';

function maven(args: string[], what: string): void {
  try {
    execFileSync('mvn', ['-q', '-B', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const out = (err as { stdout?: Buffer }).stdout?.toString() ?? '';
    throw new Error(`Could not fetch ${what} with Maven:\n${out.slice(-2000)}`, { cause: err });
  }
}

/**
 * Kafka 4 logs through log4j2 but its pom brings no SLF4J binding (the
 * distribution ships one), so the broker would log nothing: add the binding
 * that matches its log4j-api. Kafka 3 brings slf4j-reload4j and needs nothing.
 */
function addLog4j2Binding(libs: string, jars: string[]): void {
  const api = jars.map((f) => /^log4j-api-(.+)\.jar$/.exec(f)?.[1]).find(Boolean);
  if (!api || jars.some((f) => f.startsWith('slf4j-reload4j') || f.startsWith('log4j-slf4j'))) return;
  maven(
    [
      '-f',
      join(ROOT, 'infra', 'kafka', 'pom.xml'),
      'dependency:copy',
      `-Dartifact=org.apache.logging.log4j:log4j-slf4j-impl:${api}`,
      `-DoutputDirectory=${libs}`,
    ],
    `the log4j2 SLF4J binding ${api}`,
  );
}

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
  maven(
    [
      '-f',
      join(ROOT, 'infra', 'kafka', 'pom.xml'),
      `-Dkafka.version=${version}`,
      'dependency:copy-dependencies',
      `-DoutputDirectory=${libs}`,
      '-DincludeScope=runtime',
    ],
    `Apache Kafka ${version}`,
  );
  const jars = readdirSync(libs);
  if (!jars.some((f) => f.startsWith('kafka_'))) {
    throw new Error(`Maven finished but no Kafka broker jar is in ${libs}`);
  }
  addLog4j2Binding(libs, jars);
  writeFileSync(marker, new Date().toISOString());
  return libs;
}
