import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // PGlite and the real Postgres are shared per file. vitest's default is one worker fewer than the cores, which on
    // the 2-core CI machine is a single file at a time; much of a file's time is spent waiting on servers and child
    // processes (PostgreSQL, Dovecot, Chromium, forked workers), so two files at a time there.
    pool: 'forks',
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // One embedded PostgreSQL (the service's default database) for the run: the 'embedded' test driver.
    globalSetup: ['test/helpers/embedded-global.ts'],
  },
});
