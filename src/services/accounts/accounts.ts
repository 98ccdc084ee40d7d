import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { accounts, children, schoolContacts } from '../../db/schema.js';
import { cleanSchoolContact } from '../../core/school.js';

export async function ensureAccount(db: Db, email: string, name?: string) {
  const normalized = email.trim().toLowerCase();
  await db.insert(accounts).values({ email: normalized, name: name ?? null }).onConflictDoNothing({ target: accounts.email });
  const [row] = await db.select().from(accounts).where(eq(accounts.email, normalized));
  return row!;
}

export async function ensureChild(
  db: Db,
  accountId: string,
  input: { name: string; state?: string; timezone?: string; school?: string | null },
) {
  const [existing] = await db
    .select()
    .from(children)
    .where(and(eq(children.accountId, accountId), eq(children.name, input.name)));
  if (existing) return existing;
  const [row] = await db
    .insert(children)
    .values({ accountId, name: input.name, state: input.state ?? 'US', timezone: input.timezone ?? 'America/New_York', school: input.school ?? null })
    .returning();
  return row!;
}

export async function addSchoolContacts(db: Db, accountId: string, childId: string, values: string[]) {
  const rows = [...new Set(values.map(cleanSchoolContact).filter(Boolean))].map((value) => ({ accountId, childId, value }));
  if (rows.length) await db.insert(schoolContacts).values(rows).onConflictDoNothing();
}

export async function schoolContactValues(db: Db, accountId: string): Promise<string[]> {
  const rows = await db.select({ value: schoolContacts.value }).from(schoolContacts).where(eq(schoolContacts.accountId, accountId));
  return rows.map((r) => r.value);
}
