import { Hono } from 'hono';
import { and, eq } from 'drizzle-orm';
import { accountGrants, accounts, auditEvents, mailboxConnections } from '../../db/schema.js';
import { isValidTimeZone } from '../../core/deadlines/index.js';
import { readSettings, settingsSchema } from '../../services/accounts/settings.js';
import { deleteAccountUploads } from '../../services/onboarding/onboarding.js';
import { openTokens } from '../../services/mailbox/token-store-db.js';
import type { AppDeps, AppEnv } from '../deps.js';
import { clearSessionCookie } from '../middleware/session.js';
import { SettingsPage } from '../pages/settings.js';
import { mailDepsOf } from '../send.js';
import { form, isUuid, log, notFound, render, session, str, type Ctx } from '../util.js';
import { join } from 'node:path';

const REVOKE: Record<string, string | null> = {
  gmail: 'https://oauth2.googleapis.com/revoke',
  // Microsoft identity platform has no endpoint to revoke one refresh token; deleting it is what we can do.
  outlook: null,
};

export function settingsRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const llmAvailable = Boolean(deps.env?.LLM_BASE_URL);

  const grantsOf = async (accountId: string) =>
    deps.db
      .select({ id: accountGrants.id, email: accounts.email })
      .from(accountGrants)
      .innerJoin(accounts, eq(accounts.id, accountGrants.granteeAccountId))
      .where(eq(accountGrants.ownerAccountId, accountId));
  const page = async (c: Ctx, opts: { status?: 422; error?: string } = {}) => {
    const a = session(c).account;
    return render(
      c,
      'Settings',
      <SettingsPage csrf={c.get('csrf')} s={readSettings(a.settings)} timezone={a.timezone} email={a.email} llmAvailable={llmAvailable} grants={await grantsOf(a.id)} />,
      opts,
    );
  };

  app.get('/settings', (c) => page(c));

  app.post('/settings/grants', async (c) => {
    const a = session(c).account;
    const email = str(await form(c), 'email').trim().toLowerCase();
    const [grantee] = await deps.db.select().from(accounts).where(eq(accounts.email, email));
    if (!grantee || grantee.id === a.id) return page(c, { status: 422, error: 'There is no other Followthrough account with that email. Ask your advocate to create one first.' });
    const [row] = await deps.db.insert(accountGrants).values({ ownerAccountId: a.id, granteeAccountId: grantee.id }).onConflictDoNothing().returning({ id: accountGrants.id });
    if (row) await deps.db.insert(auditEvents).values({ accountId: a.id, actor: `parent:${a.id}`, action: 'grant.added', subjectType: 'account_grant', subjectId: row.id, data: {} });
    return c.redirect('/settings?done=Access%20given.', 303);
  });
  app.post('/settings/grants/:gid/delete', async (c) => {
    const a = session(c).account;
    const gid = c.req.param('gid');
    if (!isUuid(gid)) notFound(c);
    const [row] = await deps.db.delete(accountGrants).where(and(eq(accountGrants.id, gid), eq(accountGrants.ownerAccountId, a.id))).returning({ id: accountGrants.id });
    if (!row) notFound(c);
    await deps.db.insert(auditEvents).values({ accountId: a.id, actor: `parent:${a.id}`, action: 'grant.removed', subjectType: 'account_grant', subjectId: row.id, data: {} });
    return c.redirect('/settings?done=Access%20removed.', 303);
  });

  app.post('/settings', async (c) => {
    const a = session(c).account;
    const f = await form(c);
    const parsed = settingsSchema.safeParse({
      digestDay: Number(str(f, 'digestDay')),
      digestHour: Number(str(f, 'digestHour')),
      courtesyDays: Number(str(f, 'courtesyDays')),
      courtesyUnit: str(f, 'courtesyUnit'),
      citeLaw: str(f, 'citeLaw') === '1',
      llmDrafting: llmAvailable && str(f, 'llmDrafting') === '1',
      draftDelivery: str(f, 'draftDelivery') || 'send',
    });
    const tz = str(f, 'timezone');
    if (!parsed.success || !isValidTimeZone(tz)) return page(c, { status: 422, error: 'Some settings were not valid (the courtesy window is 1 to 30 days). Nothing was changed.' });
    // Keys this form does not own (e.g. the demo clock) are kept.
    await deps.db.update(accounts).set({ settings: { ...a.settings, ...parsed.data }, timezone: tz, updatedAt: new Date() }).where(eq(accounts.id, a.id));
    await deps.db.insert(auditEvents).values({ accountId: a.id, actor: `parent:${a.id}`, action: 'settings.updated', subjectType: 'account', subjectId: a.id, data: { ...parsed.data, timezone: tz } });
    return c.redirect('/settings?done=Settings%20saved.', 303);
  });

  app.post('/account/delete', async (c) => {
    const a = session(c).account;
    const f = await form(c);
    if (str(f, 'confirm').trim().toLowerCase() !== a.email) return page(c, { status: 422, error: 'The email did not match, so nothing was deleted.' });
    // Best effort: revoke the mailbox grants before the tokens are gone.
    const conns = await deps.db.select().from(mailboxConnections).where(eq(mailboxConnections.accountId, a.id));
    const keyring = mailDepsOf(deps).keyring;
    for (const conn of conns) {
      if (!conn.tokens) continue;
      const endpoint = REVOKE[conn.provider];
      if (!endpoint) {
        log(deps, { msg: 'token revoke not available for provider; tokens deleted', provider: conn.provider, connectionId: conn.id });
        continue;
      }
      try {
        const t = await openTokens(conn.tokens, keyring);
        const res = await (deps.fetch ?? fetch)(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ token: t.refreshToken ?? t.accessToken }).toString(),
        });
        log(deps, { msg: 'token revoke', provider: conn.provider, connectionId: conn.id, status: res.status });
      } catch (e) {
        log(deps, { level: 'warn', msg: 'token revoke failed', provider: conn.provider, connectionId: conn.id, error: (e as Error).name });
      }
    }
    await deps.db.delete(accounts).where(eq(accounts.id, a.id)); // every row of the account goes by cascade
    if (deps.runtime === 'node') await deleteAccountUploads(deps.uploadDir ?? join(deps.env?.DATA_DIR ?? './data', 'uploads'), a.id).catch(() => {});
    log(deps, { msg: 'account deleted', accountId: a.id });
    clearSessionCookie(c);
    return c.redirect('/?done=Your%20account%20and%20all%20its%20data%20are%20deleted.', 303);
  });
  return app;
}
