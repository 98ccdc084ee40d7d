import { recordAudit } from '../../db/audit.js';
import { STATUS } from '../errors.js';
import { Hono } from 'hono';
import { safeNextPath } from '../safe-redirect.js';
import { clientAddress } from '../client-address.js';
import { getCookie } from 'hono/cookie';
import { eq } from 'drizzle-orm';
import { accounts } from '../../db/schema.js';
import { AuthError, checkCredentials, createResetToken, normalizeEmail, resetPassword, signUp } from '../../services/accounts/auth.js';
import { createDemoFamily } from '../../services/onboarding/demo.js';
import { createSession, destroySession, randomToken } from '../../services/accounts/sessions.js';
import type { AppDeps, AppEnv } from '../deps.js';
import { SESSION_COOKIE, clearSessionCookie, setSessionCookie } from '../middleware/session.js';
import { ForgotForm, ResetForm, SignInForm, SignUpForm } from '../pages/auth.js';
import { FirstRunPage } from '../pages/first-run.js';
import { parseResetConfirmForm, parseResetForm, parseSignInForm, parseSignUpForm } from '../forms/auth.js';
import { form, render, type Ctx } from '../util.js';

export function authRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const throttle = deps.loginThrottle;
  const resetSecret = deps.env.SESSION_SECRET ?? randomToken(32); // per process when unset (development)
  const now = deps.now;

  async function signIn(c: Ctx, accountId: string) {
    const s = await createSession(deps.db, accountId, now());
    setSessionCookie(c, s.token, s.expiresAt, now());
  }

  app.get('/', (c) => {
    if (c.get('session')) return c.redirect('/app', 303);
    return render(c, 'Welcome', <FirstRunPage csrf={c.get('csrf')} />);
  });

  app.get('/signup', (c) => render(c, 'Create your account', <SignUpForm csrf={c.get('csrf')} />));
  app.post('/signup', async (c) => {
    const f = parseSignUpForm(await form(c));
    try {
      const account = await signUp(deps.db, f);
      await signIn(c, account.id);
      deps.log.info('account created', { accountId: account.id });
      return c.redirect('/app', 303);
    } catch (e) {
      if (!(e instanceof AuthError)) throw e;
      if (e.reason === 'email_taken') {
        // No "already exists" answer to a stranger: the address's owner is told instead, by mail.
        const email = normalizeEmail(f.email);
        const link = `${deps.env.APP_URL.replace(/\/+$/, '')}/reset`;
        await deps.mailer(
          { to: email, subject: 'Someone tried to create a Followthrough account with your address', text: `Someone tried to create a new Followthrough account with this email address, which already has one.\n\nIf it was you, sign in instead, or choose a new password here:\n${link}\n\nIf it was not you, you can ignore this message; nothing was changed.` },
        );
        return c.redirect('/signup/check-email', 303);
      }
      return render(c, 'Create your account', <SignUpForm csrf={c.get('csrf')} email={f.email} name={f.name} />, { status: 422, error: e.message });
    }
  });
  app.get('/signup/check-email', (c) => render(c, 'Check your email', <p>Please check your email to continue. If you already have an account with this address, sign in or reset your password.</p>));

  app.get('/signin', (c) => render(c, 'Sign in', <SignInForm csrf={c.get('csrf')} next={c.req.query('next') ?? ''} />));
  app.post('/signin', async (c) => {
    const f = parseSignInForm(await form(c));
    const email = normalizeEmail(f.email);
    const attempt = { email, address: clientAddress(c, deps.runtime, deps.env?.TRUSTED_PROXY) };
    const page = (status: 422 | 429, error: string) => render(c, 'Sign in', <SignInForm csrf={c.get('csrf')} email={email} next={f.next} />, { status, error });
    if (await throttle.blocked(attempt, now())) {
      deps.log.warn('sign-in rate limited');
      return page(429, 'Too many attempts. For your security, please wait 15 minutes and try again, or reset your password.');
    }
    const account = await checkCredentials(deps.db, email, f.password);
    if (!account) {
      await throttle.fail(attempt, now());
      return page(422, 'That email and password do not match. Please try again.');
    }
    await throttle.succeeded(attempt);
    await signIn(c, account.id);
    await recordAudit(deps.db, { accountId: account.id, actor: `parent:${account.id}`, action: 'account.signed_in', subjectType: 'account', subjectId: account.id, data: {} });
    return c.redirect(safeNextPath(f.next), 303);
  });

  app.post('/signout', async (c) => {
    await destroySession(deps.db, getCookie(c, SESSION_COOKIE));
    clearSessionCookie(c);
    return c.redirect('/?done=You%20are%20signed%20out.', 303);
  });

  app.get('/reset', (c) => render(c, 'Reset your password', <ForgotForm csrf={c.get('csrf')} mailConfigured={deps.mailer.configured !== false} />));
  app.post('/reset', async (c) => {
    const email = normalizeEmail(parseResetForm(await form(c)).email);
    const [account] = await deps.db.select().from(accounts).where(eq(accounts.email, email));
    if (account) {
      const token = await createResetToken(resetSecret, account, now().getTime());
      const base = deps.env.APP_URL;
      const link = `${base.replace(/\/+$/, '')}/reset/${encodeURIComponent(token)}`;
      await deps.mailer(
        {
          to: account.email,
          subject: 'Reset your Followthrough password',
          text: `Someone (hopefully you) asked to reset the password of your Followthrough account.\n\nChoose a new password here (the link works once, for one hour):\n${link}\n\nIf you did not ask, you can ignore this message.`,
        },
      );
    }
    if (deps.mailer.configured === false)
      return render(c, 'Email is not set up', <p>This Followthrough server cannot send email (no mail server is configured), so no reset link was sent. Please ask the person who runs it to set up email (SMTP_URL), or to reset your password for you.</p>, { status: 503 });
    return render(c, 'Check your email', <p>If an account exists for that address, we have sent a link to choose a new password. It works once, for one hour.</p>);
  });
  app.get('/reset/:token', (c) => render(c, 'Choose a new password', <ResetForm csrf={c.get('csrf')} token={c.req.param('token')} />));
  app.post('/reset/confirm', async (c) => {
    const f = parseResetConfirmForm(await form(c));
    try {
      const account = await resetPassword(deps.db, resetSecret, f.token, f.password, now().getTime());
      await signIn(c, account.id);
      return c.redirect('/app?done=Your%20password%20is%20changed.', 303);
    } catch (e) {
      if (!(e instanceof AuthError)) throw e;
      return render(c, 'Choose a new password', <ResetForm csrf={c.get('csrf')} token={f.token} />, { status: 422, error: e.message });
    }
  });

  app.post('/demo', async (c) => {
    const started = Date.now();
    const account = await createDemoFamily(deps.db);
    await signIn(c, account.id);
    deps.log.info('demo family created', { accountId: account.id, ms: Date.now() - started });
    return c.redirect('/app', 303);
  });

  return app;
}
