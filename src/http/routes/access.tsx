/**
 * Proving an email address (the link we mail) and answering advocate invitations. Invitations are listed
 * only to an account whose address is proven; until one is accepted, nothing of the family is visible.
 */
import { Hono } from 'hono';
import { AppError } from '../../core/errors.js';
import { answerInvitation, pendingInvitations } from '../../services/accounts/invitations.js';
import { confirmVerifyToken, createVerifyToken, isEmailVerified } from '../../services/accounts/verification.js';
import { randomToken } from '../../services/accounts/sessions.js';
import type { AppDeps, AppEnv } from '../deps.js';
import { Csrf } from '../pages/layout.js';
import { parseVerifyForm } from '../forms/auth.js';
import { form, isUuid, notFound, render, requireAuth, session } from '../util.js';

export function accessRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  // Without SESSION_SECRET (development only, enforced by config), links are valid for this app's life.
  const secret = deps.env.SESSION_SECRET ?? randomToken(32);

  const verifyLink = async (email: string) =>
    `${deps.env.APP_URL.replace(/\/+$/, '')}/verify/${encodeURIComponent(await createVerifyToken(secret, email, deps.now().getTime()))}`;

  /** Mails a confirmation link for the signed-in account's address. */
  async function sendVerification(account: { id: string; email: string }) {
    const link = await verifyLink(account.email);
    await deps.mailer(
      {
        to: account.email,
        subject: 'Confirm your email address for Followthrough',
        text: `Please confirm that this address is yours (the link works for three days):\n${link}\n\nAn advocate can only be given access to a family once their address is confirmed. If you did not create a Followthrough account, you can ignore this message.`,
      },
    );
  }

  // A GET only shows the button: mail scanners open links, and opening must not verify anything.
  app.get('/verify/:token', (c) => {
    if (!c.get('session')) return c.redirect(`/signin?next=${encodeURIComponent(c.req.path)}`, 303);
    return render(
      c,
      'Confirm your email',
      <form method="post" action="/verify" class="card">
        <Csrf token={c.get('csrf')} />
        <input type="hidden" name="token" value={c.req.param('token')} />
        <p>Press the button to confirm that this email address is yours.</p>
        <button type="submit">Confirm my email address</button>
      </form>,
    );
  });
  app.post('/verify', requireAuth, async (c) => {
    try {
      await confirmVerifyToken(deps.db, secret, parseVerifyForm(await form(c)).token, session(c).account, deps.now());
    } catch (e) {
      // The link's own refusal (expired, forged, another address's): said on the page, with what to do.
      if (!(e instanceof AppError && e.code === 'bad_input')) throw e;
      return render(c, 'Confirm your email', <p>{e.message}</p>, { status: 422 });
    }
    return c.redirect(`/invitations?done=${encodeURIComponent('Your email address is confirmed.')}`, 303);
  });

  app.post('/verify/resend', requireAuth, async (c) => {
    await sendVerification(session(c).account);
    return c.redirect('/invitations?done=We%20sent%20a%20new%20confirmation%20link.', 303);
  });

  app.get('/invitations', requireAuth, async (c) => {
    const account = session(c).account;
    const verified = await isEmailVerified(deps.db, account, deps.now());
    const invites = verified ? await pendingInvitations(deps.db, account) : [];
    return render(
      c,
      'Invitations',
      verified ? (
        invites.length ? (
          <ul>
            {invites.map((i) => (
              <li>
                {i.ownerName ? `${i.ownerName} (${i.ownerEmail})` : i.ownerEmail} invited you to see their family's follow-ups.{' '}
                <form method="post" action={`/invitations/${i.id}/accept`} style="display:inline">
                  <Csrf token={c.get('csrf')} />
                  <button type="submit">Accept</button>
                </form>{' '}
                <form method="post" action={`/invitations/${i.id}/decline`} style="display:inline">
                  <Csrf token={c.get('csrf')} />
                  <button type="submit" class="secondary">Decline</button>
                </form>
              </li>
            ))}
          </ul>
        ) : (
          <p>No invitations are waiting for you.</p>
        )
      ) : (
        <form method="post" action="/verify/resend" class="card">
          <Csrf token={c.get('csrf')} />
          <p>Invitations are shown once your email address ({account.email}) is confirmed. Open the link we sent you, or ask for a new one.</p>
          <button type="submit" class="secondary">Send me a new link</button>
        </form>
      ),
    );
  });

  for (const answer of ['accept', 'decline'] as const) {
    app.post(`/invitations/:id/${answer}`, requireAuth, async (c) => {
      const id = c.req.param('id');
      if (!isUuid(id)) notFound(c);
      try {
        await answerInvitation(deps.db, session(c).account, id, answer === 'accept', deps.now());
      } catch (e) {
        if (e instanceof AppError && e.code === 'not_found') notFound(c);
        throw e;
      }
      return c.redirect(answer === 'accept' ? '/app?done=You%20can%20now%20see%20this%20family.' : '/invitations?done=Declined.', 303);
    });
  }

  return { app, verifyLink };
}
