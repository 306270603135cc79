import { rmSync } from 'node:fs';
import { lambdaNode } from '../stack/lambda-node.ts';
import type { StackLayout } from '../stack/layout.ts';
import { ensureEmulator } from './emulator-binary.ts';
import { linkRuntimeSdk } from './runtime-sdk.ts';
import { LambdaSandbox, type SandboxOptions, sandboxRoot } from './sandbox.ts';

/** Ports base+40 ... base+59 (the stack itself stays below base+40): ten sandboxes at once, each an emulator port and its Runtime API port. */
const FIRST_PORT_OFFSET = 40;
const SLOTS = 10;

export interface LambdaHarness {
  /** Starts one execution environment of the function in `zip` (see LambdaSandbox). */
  start(options: Omit<SandboxOptions, 'node' | 'port' | 'runtimeDir' | 'onStop'>): Promise<LambdaSandbox>;
  /** Stops every environment still running and removes the runtime folder. */
  close(): Promise<void>;
}

/**
 * Everything the sandboxes of one run share: the emulator binary (built into
 * the cache on first use), Node 22 (from the npm registry), a runtime folder
 * providing the AWS SDK, and ports from the stack's SKE_PORT_BASE. The caller
 * checks cgroupsUnavailable() first.
 */
export function lambdaHarness(layout: StackLayout): LambdaHarness {
  const emulator = ensureEmulator(layout.cacheDir);
  const node = lambdaNode(layout.cacheDir);
  if (node === undefined)
    throw new Error(
      `Node.js 22 could not be installed from the npm registry for ${process.platform}-${process.arch}`,
    );
  const runtimeDir = sandboxRoot();
  linkRuntimeSdk(runtimeDir);
  const running = new Set<LambdaSandbox>();
  const busy = new Set<number>();
  const base = layout.ports.oauth + FIRST_PORT_OFFSET;
  return {
    async start(options) {
      const slot = [...Array(SLOTS).keys()].find((s) => !busy.has(s));
      if (slot === undefined) throw new Error(`at most ${SLOTS} Lambda sandboxes at once`);
      busy.add(slot);
      // stop() is idempotent: close() stops whatever was started, stopped or not.
      const onStop = () => busy.delete(slot);
      const sandbox = await LambdaSandbox.start(emulator, {
        ...options,
        node,
        runtimeDir,
        port: base + 2 * slot,
        onStop,
      }).catch((err: unknown) => {
        busy.delete(slot);
        throw err;
      });
      running.add(sandbox);
      return sandbox;
    },
    async close() {
      for (const sandbox of [...running]) await sandbox.stop();
      rmSync(runtimeDir, { recursive: true, force: true });
    },
  };
}
