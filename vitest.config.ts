import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Vitest's default (one less than the cores) is a single worker on a 2-core CI machine; most
    // of these tests wait on server processes and browsers, so two overlap well (694 s → 585 s
    // for the whole run on Node 20, measured on the 2-core machine, all passing).
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
