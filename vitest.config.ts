import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // The kernels and pipeline are CPU-heavy and the CI box has two cores.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    benchmark: { include: ['tests/bench/**/*.bench.ts'] },
  },
});
