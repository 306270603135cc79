import { spawnSync } from 'node:child_process';

interface Prerequisite {
  command: string;
  args: string[];
  install: string;
}

const PREREQUISITES: readonly Prerequisite[] = [
  {
    command: 'java',
    args: ['-version'],
    install: 'a Java 17+ JDK (Debian: apt-get install openjdk-17-jdk-headless)',
  },
  { command: 'mvn', args: ['-v'], install: 'Apache Maven (Debian: apt-get install maven)' },
  {
    command: 'python3',
    args: ['-V'],
    install: 'Python 3 with venv (Debian: apt-get install python3 python3-venv)',
  },
  { command: 'openssl', args: ['version'], install: 'OpenSSL (Debian: apt-get install openssl)' },
];

/**
 * Fails with one message naming every missing tool and how to install it,
 * instead of a spawn ENOENT deep inside the start-up.
 */
export function checkPrerequisites(): void {
  const missing = PREREQUISITES.filter((p) => spawnSync(p.command, p.args, { stdio: 'ignore' }).status !== 0);
  if (missing.length > 0) {
    const lines = missing.map((p) => `  - ${p.command}: install ${p.install}`);
    throw new Error(`The local stack needs tools that are not on PATH:\n${lines.join('\n')}`);
  }
}
