import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts } from '../../src/db/schema.js';
import { checkCredentials, hashPassword, passwordNeedsRehash, PBKDF2_ITERATIONS, signUp, verifyPassword } from '../../src/services/accounts/auth.js';
import { createTestDb } from '../helpers/db.js';

describe('password hashes name their algorithm and cost, and are upgraded at sign-in', () => {
  let handle: Awaited<ReturnType<typeof createTestDb>>;
  beforeAll(async () => (handle = await createTestDb('pglite')));
  afterAll(async () => handle.close());

  it('a legacy 210,000-iteration hash still verifies, and the next sign-in rewrites it at the current cost', async () => {
    const account = await signUp(handle.db, { email: 'legacy@family.test', password: 'a long enough password' });
    const legacy = (await hashPassword('a long enough password', 210_000)).replace(/^pbkdf2-sha256\$/, 'pbkdf2$');
    await handle.db.update(accounts).set({ passwordHash: legacy }).where(eq(accounts.id, account.id));
    expect(passwordNeedsRehash(legacy)).toBe(true);

    expect(await checkCredentials(handle.db, 'legacy@family.test', 'the wrong password!')).toBeNull();
    const [untouched] = await handle.db.select().from(accounts).where(eq(accounts.id, account.id));
    expect(untouched!.passwordHash).toBe(legacy);

    expect(await checkCredentials(handle.db, 'legacy@family.test', 'a long enough password')).not.toBeNull();
    const [upgraded] = await handle.db.select().from(accounts).where(eq(accounts.id, account.id));
    expect(upgraded!.passwordHash).toMatch(new RegExp(`^pbkdf2-sha256\\$${PBKDF2_ITERATIONS}\\$`));
    expect(passwordNeedsRehash(upgraded!.passwordHash)).toBe(false);
    expect(await verifyPassword('a long enough password', upgraded!.passwordHash)).toBe(true);
  });

  it('an unknown algorithm never verifies', async () => {
    const h = await hashPassword('x'.repeat(12));
    expect(await verifyPassword('x'.repeat(12), h.replace(/^pbkdf2-sha256/, 'md5'))).toBe(false);
  });
});
