/**
 * `tsx infra/stack/on-lambda-node.ts COMMAND [ARGS...]`: runs COMMAND with the
 * Lambda runtime's Node (22) first on PATH, fetched from the npm registry into
 * the cache when this machine's node is another version. `npm test`,
 * `npm start` and `npm run bench` go through it, so everything they start
 * (vitest, tsx, the CLI, the functions) runs on Node 22.
 * `.ci/run` puts the same Node first on PATH itself (with `--print-bin-dir`).
 */
import { spawn } from 'node:child_process';
import { delimiter } from 'node:path';
import { LAMBDA_NODE_MAJOR, lambdaNodeBinDir, onLambdaNode } from './lambda-node.ts';
import { stackLayout } from './layout.ts';

const [command, ...args] = process.argv.slice(2);
const binDir = lambdaNodeBinDir(stackLayout().cacheDir);
if (binDir === undefined) {
  console.error(
    `Node.js ${LAMBDA_NODE_MAJOR} is needed and could not be installed from the npm registry (node-linux-${process.arch}@${LAMBDA_NODE_MAJOR}) on this platform: install Node.js ${LAMBDA_NODE_MAJOR} and run again`,
  );
  process.exit(1);
}
if (command === '--print-bin-dir') {
  console.log(binDir);
  process.exit(0);
}
if (!command) {
  console.error('usage: on-lambda-node.ts COMMAND [ARGS...]');
  process.exit(2);
}
if (!onLambdaNode())
  console.error(`[node] running ${command} on Node.js ${LAMBDA_NODE_MAJOR} from ${binDir}`);
const child = spawn(command, args, {
  stdio: 'inherit',
  env: { ...process.env, PATH: `${binDir}${delimiter}${process.env.PATH ?? ''}` },
});
// Ctrl-C reaches the child from the terminal itself (one process group); only SIGTERM needs passing on.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
