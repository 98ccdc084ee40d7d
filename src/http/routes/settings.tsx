import { recordAudit } from '../../db/audit.js';
import { Hono } from 'hono';
import { and, eq } from 'drizzle-orm';
import { accountGrants, accounts, mailboxConnections } from '../../db/schema.js';
import { readSettings, settingsSchema } from '../../services/accounts/settings.js';
import { inviteAdvocate } from '../../services/accounts/invitations.js';
import { AppError } from '../../core/errors.js';
import { deleteAccountUploads } from '../../services/onboarding/upload-store.js';
import { openTokens } from '../../services/mailbox/token-store-db.js';
import { disconnectMailbox } from '../../services/mailbox/disconnect.js';
import { removePushSubscription } from '../../services/mailbox/push-subscriptions.js';
import type { AppDeps, AppEnv } from '../deps.js';
import { parseAccountDeleteForm, parseDisconnectForm, parseInviteForm, parseSettingsForm } from '../forms/settings.js';
import { clearSessionCookie } from '../middleware/session.js';
import { SettingsPage, type ModelNotice } from '../pages/settings.js';
import { form, isUuid, notFound, render, session, type Ctx } from '../util.js';
import { join } from 'node:path';

const REVOKE: Record<string, string | null> = {
  gmail: 'https://oauth2.googleapis.com/revoke',
  // Microsoft identity platform has no endpoint to revoke one refresh token; deleting it is what we can do.
  outlook: null,
};

export function settingsRoutes(deps: AppDeps, verifyLink: (email: string) => Promise<string>) {
  const app = new Hono<AppEnv>();
  const llmAvailable = Boolean(deps.env.LLM_BASE_URL);
  const model = modelNotice(deps.env);

  const grantsOf = async (accountId: string) =>
    (
      await deps.db
        .select({ id: accountGrants.id, email: accountGrants.inviteeEmail, status: accountGrants.status })
        .from(accountGrants)
        .where(eq(accountGrants.ownerAccountId, accountId))
    ).map((g) => ({ id: g.id, email: g.status === 'accepted' ? g.email : `${g.email} (invited, not yet accepted)` }));
  const page = async (c: Ctx, opts: { status?: 422; error?: string } = {}) => {
    const a = session(c).account;
    return render(
      c,
      'Settings',
      <SettingsPage
        csrf={c.get('csrf')}
        s={readSettings(a.settings)}
        timezone={a.timezone}
        email={a.email}
        llmAvailable={llmAvailable}
        model={model}
        grants={await grantsOf(a.id)}
        mailboxes={await deps.db
          .select({ id: mailboxConnections.id, provider: mailboxConnections.provider, address: mailboxConnections.address, status: mailboxConnections.status })
          .from(mailboxConnections)
          .where(and(eq(mailboxConnections.accountId, a.id), eq(mailboxConnections.status, 'active')))}
      />,
      opts,
    );
  };

  app.get('/settings', (c) => page(c));

  app.post('/settings/grants', async (c) => {
    const a = session(c).account;
    let invited;
    try {
      invited = await inviteAdvocate(deps.db, a, parseInviteForm(await form(c)).email, deps.now());
    } catch (e) {
      if (e instanceof AppError && e.code === 'bad_input') return page(c, { status: 422, error: e.message });
      throw e;
    }
    if (invited.created) {
      // The link proves the address as it accepts: opening it signed in as that address confirms it.
      const link = await verifyLink(invited.email);
      await deps.mailer(
        {
          to: invited.email,
          subject: `${a.name ?? a.email} invited you to Followthrough`,
          text: `${a.name ?? a.email} invited you to see their family's school follow-ups in Followthrough, as their advocate.\n\nTo accept, open this link and sign in (or create an account) with this email address:\n${link}\n\nNothing is shared until you accept. If you did not expect this, you can ignore it.`,
        },
      );
    }
    // The same answer whether or not the address has an account.
    return c.redirect('/settings?done=Invitation%20sent.%20Access%20starts%20when%20they%20accept.', 303);
  });
  app.post('/settings/grants/:gid/delete', async (c) => {
    const a = session(c).account;
    const gid = c.req.param('gid');
    if (!isUuid(gid)) notFound(c);
    const [row] = await deps.db.delete(accountGrants).where(and(eq(accountGrants.id, gid), eq(accountGrants.ownerAccountId, a.id))).returning({ id: accountGrants.id });
    if (!row) notFound(c);
    await recordAudit(deps.db, { accountId: a.id, actor: `parent:${a.id}`, action: 'grant.removed', subjectType: 'account_grant', subjectId: row.id, data: {} });
    return c.redirect('/settings?done=Access%20removed.', 303);
  });

  app.post('/settings', async (c) => {
    const a = session(c).account;
    let f;
    try {
      f = parseSettingsForm(await form(c));
    } catch (e) {
      if (e instanceof AppError && e.code === 'bad_input') return page(c, { status: 422, error: `${e.message} Nothing was changed.` });
      throw e;
    }
    const { timezone: tz, ...chosen } = f;
    const parsed = settingsSchema.safeParse({
      ...chosen,
      llmDrafting: llmAvailable && chosen.llmDrafting,
      // Without a model the box is not on the form: keep the parent's choice for when one is set up.
      llmSentenceJudge: model ? chosen.llmSentenceJudge : readSettings(a.settings).llmSentenceJudge,
    });
    if (!parsed.success) return page(c, { status: 422, error: 'Some settings were not valid. Nothing was changed.' });
    // Keys this form does not own (e.g. the demo clock) are kept.
    await deps.db.update(accounts).set({ settings: { ...a.settings, ...parsed.data }, timezone: tz, updatedAt: new Date() }).where(eq(accounts.id, a.id));
    await recordAudit(deps.db, { accountId: a.id, actor: `parent:${a.id}`, action: 'settings.updated', subjectType: 'account', subjectId: a.id, data: { ...parsed.data, timezone: tz } });
    return c.redirect('/settings?done=Settings%20saved.', 303);
  });

  app.post('/settings/mailboxes/:cid/disconnect', async (c) => {
    const a = session(c).account;
    const id = c.req.param('cid');
    if (!isUuid(id)) return notFound(c);
    const keepMessages = parseDisconnectForm(await form(c)).messages === 'keep';
    const done = await disconnectMailbox(deps.mail.sync, { accountId: a.id, connectionId: id, keepMessages, actor: `parent:${a.id}` });
    if (!done) return notFound(c);
    deps.log.info('mailbox disconnected', { connectionId: id, keepMessages, push: done.push });
    return c.redirect('/settings', 303);
  });

  app.post('/account/delete', async (c) => {
    const a = session(c).account;
    if (parseAccountDeleteForm(await form(c)).confirm !== a.email) return page(c, { status: 422, error: 'The email did not match, so nothing was deleted.' });
    // Best effort: stop push (watches, subscriptions) and revoke the mailbox grants before the tokens are gone.
    const conns = await deps.db.select().from(mailboxConnections).where(eq(mailboxConnections.accountId, a.id));
    for (const conn of conns) if (conn.tokens) await removePushSubscription(deps.mail.sync, conn).catch(() => 'failed');
    const keyring = deps.mail.sync.keyring;
    for (const conn of conns) {
      if (!conn.tokens) continue;
      const endpoint = REVOKE[conn.provider];
      if (!endpoint) {
        deps.log.info('token revoke not available for provider; tokens deleted', { provider: conn.provider, connectionId: conn.id });
        continue;
      }
      try {
        const t = await openTokens(conn.tokens, keyring);
        const res = await deps.fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ token: t.refreshToken ?? t.accessToken }).toString(),
        });
        deps.log.info('token revoke', { provider: conn.provider, connectionId: conn.id, status: res.status });
      } catch (e) {
        deps.log.warn('token revoke failed', { provider: conn.provider, connectionId: conn.id, error: (e as Error).name });
      }
    }
    await deps.db.delete(accounts).where(eq(accounts.id, a.id)); // every row of the account goes by cascade
    if (deps.uploadDir) await deleteAccountUploads(deps.uploadDir, a.id).catch(() => {});
    deps.log.info('account deleted', { accountId: a.id });
    clearSessionCookie(c);
    return c.redirect('/?done=Your%20account%20and%20all%20its%20data%20are%20deleted.', 303);
  });
  return app;
}

/** What the settings page tells the parent about the deployment's model (LLM_BASE_URL and LLM_MODEL both set). */
function modelNotice(env: AppDeps['env']): ModelNotice | null {
  if (!env?.LLM_BASE_URL || !env.LLM_MODEL) return null;
  return { host: new URL(env.LLM_BASE_URL).host, model: env.LLM_MODEL, dailyCalls: env.LLM_JUDGE_DAILY_CALLS ?? 200 };
}
