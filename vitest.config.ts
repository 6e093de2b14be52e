import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Timeouts only catch hangs. They are generous because the suite also runs on a busy 2-core machine, where
    // the process-spawning suites take several times their idle duration; speed is measured in `npm run bench`.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // vitest's default is one worker per core minus one: a single worker on a 2-core machine, although most files
    // spend their time waiting on child processes, sockets and timers. Three overlap those waits.
    maxWorkers: 3,
    globalSetup: ['./tests/setup/compiledCli.ts'],
    reporters: ['default', './tests/summaryReporter.ts'],
    // Tests only ever reach 127.0.0.1; keep any proxy settings of the machine out of them.
    env: { NO_PROXY: '127.0.0.1,localhost', LOG_LEVEL: 'silent' },
  },
});
