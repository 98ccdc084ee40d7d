import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // PGlite and the real Postgres are shared per file; files run in parallel on 2 cores.
    pool: 'forks',
    // One embedded PostgreSQL (the service's default database) for the run: the 'embedded' test driver.
    globalSetup: ['test/helpers/embedded-global.ts'],
  },
});
