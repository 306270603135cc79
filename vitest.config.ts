import { defineConfig } from 'vitest/config';
import { faultStackEnv } from './test/helpers/fault-stack-env.ts';

export default defineConfig({
  test: {
    // Integration files share one broker and kill/restart its processes: one file at a time.
    // (A root-level option in vitest 3; unit files are quick enough to run in series too.)
    fileParallelism: false,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          // Property tests run thousands of cases; on a shared 2-core machine some took over vitest's
          // 5 s default although they finish in 2-3 s alone. A run budget, not an assertion.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          // One local stack per run: started here, stopped after the last file.
          globalSetup: ['test/helpers/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'faults',
          include: ['test/faults/**/*.test.ts'],
          environment: 'node',
          // Its own three-broker stack (SKE_KAFKA_BROKERS=3, .stack-faults, SKE_PORT_BASE+50): `npm run test:faults`.
          env: faultStackEnv(),
          globalSetup: ['test/helpers/fault-global-setup.ts'],
          testTimeout: 240_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
});
