import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Each file gets its own databases; files run in parallel on the two cores.
    fileParallelism: true,
    maxWorkers: 2,
    testTimeout: 30_000,
    // expect.poll waits up to 1 s by default: too short for a browser page on a loaded 2-core machine.
    expect: { poll: { timeout: 15_000 } },
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});
