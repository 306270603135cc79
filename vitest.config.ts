import { defineConfig } from 'vitest/config';

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
    ],
  },
});
