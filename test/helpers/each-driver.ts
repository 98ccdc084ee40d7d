/**
 * One suite run on every test database driver (PGlite in memory, the embedded PostgreSQL server, and the real
 * PostgreSQL when TEST_DATABASE_URL is set), with one database per driver for the whole file. A driver that is
 * not available shows as one skipped suite that says why.
 */
import { afterAll, beforeAll, describe } from 'vitest';
import type { DbHandle } from '../../src/db/client.js';
import { createTestDb, DRIVERS, type TestDriver } from './db.js';

export interface DriverSuite {
  driver: TestDriver;
  /** Set before the suite's first test runs. */
  handle: DbHandle;
}

export function describeOnEachDriver(title: string, body: (suite: DriverSuite) => void): void {
  describe.each(DRIVERS)(`${title} on $driver`, ({ driver, skip }) => {
    describe.skipIf(skip !== null)(skip ? `skipped: ${skip}` : 'one database for the file', () => {
      const suite = { driver } as DriverSuite;
      beforeAll(async () => {
        suite.handle = await createTestDb(driver);
      });
      afterAll(async () => {
        await suite.handle?.close();
      });
      body(suite);
    });
  });
}
