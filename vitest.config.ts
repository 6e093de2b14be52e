import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    reporters: ['default', './tests/summaryReporter.ts'],
    // Tests only ever reach 127.0.0.1; keep any proxy settings of the machine out of them.
    env: { NO_PROXY: '127.0.0.1,localhost', LOG_LEVEL: 'silent' },
  },
});
