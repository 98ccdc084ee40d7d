import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { eq } from 'drizzle-orm';
import { accounts, auditEvents } from '../../db/schema.js';
import { AuthError, LoginRateLimiter, checkCredentials, createResetToken, normalizeEmail, resetPassword, signUp } from '../../services/accounts/auth.js';
import { createDemoFamily } from '../../services/onboarding/demo.js';
import { createSession, destroySession, randomToken } from '../../services/accounts/sessions.js';
import { sendAccountMail } from '../account-mail.js';
import type { AppDeps, AppEnv } from '../deps.js';
import { SESSION_COOKIE, clearSessionCookie, setSessionCookie } from '../middleware/session.js';
import { ForgotForm, ResetForm, SignInForm, SignUpForm } from '../pages/auth.js';
import { FirstRunPage } from '../pages/first-run.js';
import { form, log, render, str, type Ctx } from '../util.js';

function clientIp(c: Ctx): string {
  // Never X-Forwarded-For: a client could rotate it to dodge the limit.
  const cf = c.req.header('cf-connecting-ip');
  if (cf) return cf;
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'local';
}

function safeNext(next: string): string {
  return next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/app';
}

export function authRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const limiter = deps.loginLimiter ?? new LoginRateLimiter();
  const resetSecret = deps.env?.SESSION_SECRET ?? randomToken(32); // per process when unset (development)
  const now = () => deps.now?.() ?? new Date();

  async function signIn(c: Ctx, accountId: string) {
    const s = await createSession(deps.db, accountId, now());
    setSessionCookie(c, s.token, s.expiresAt, now());
  }

  app.get('/', (c) => {
    if (c.get('session')) return c.redirect('/app', 303);
    return render(c, 'Welcome', <FirstRunPage csrf={c.get('csrf')} demoAvailable={deps.runtime === 'node'} />);
  });

  app.get('/signup', (c) => render(c, 'Create your account', <SignUpForm csrf={c.get('csrf')} />));
  app.post('/signup', async (c) => {
    const f = await form(c);
    try {
      const account = await signUp(deps.db, { email: str(f, 'email'), password: str(f, 'password'), name: str(f, 'name') });
      await signIn(c, account.id);
      log(deps, { msg: 'account created', accountId: account.id });
      return c.redirect('/app', 303);
    } catch (e) {
      if (!(e instanceof AuthError)) throw e;
      return render(c, 'Create your account', <SignUpForm csrf={c.get('csrf')} email={str(f, 'email')} name={str(f, 'name')} />, { status: e.code === 'email_taken' ? 409 : 422, error: e.message });
    }
  });

  app.get('/signin', (c) => render(c, 'Sign in', <SignInForm csrf={c.get('csrf')} next={c.req.query('next') ?? ''} />));
  app.post('/signin', async (c) => {
    const f = await form(c);
    const email = normalizeEmail(str(f, 'email'));
    const key = `${email}|${clientIp(c)}`;
    const page = (status: 422 | 429, error: string) => render(c, 'Sign in', <SignInForm csrf={c.get('csrf')} email={email} next={str(f, 'next')} />, { status, error });
    if (limiter.blocked(key, now().getTime())) {
      log(deps, { level: 'warn', msg: 'sign-in rate limited' });
      return page(429, 'Too many attempts. For your security, please wait 15 minutes and try again, or reset your password.');
    }
    const account = await checkCredentials(deps.db, email, str(f, 'password'));
    if (!account) {
      limiter.fail(key, now().getTime());
      return page(422, 'That email and password do not match. Please try again.');
    }
    limiter.reset(key);
    await signIn(c, account.id);
    await deps.db.insert(auditEvents).values({ accountId: account.id, actor: `parent:${account.id}`, action: 'account.signed_in', subjectType: 'account', subjectId: account.id, data: {} });
    return c.redirect(safeNext(str(f, 'next')), 303);
  });

  app.post('/signout', async (c) => {
    await destroySession(deps.db, getCookie(c, SESSION_COOKIE));
    clearSessionCookie(c);
    return c.redirect('/?done=You%20are%20signed%20out.', 303);
  });

  app.get('/reset', (c) => render(c, 'Reset your password', <ForgotForm csrf={c.get('csrf')} />));
  app.post('/reset', async (c) => {
    const f = await form(c);
    const email = normalizeEmail(str(f, 'email'));
    const [account] = await deps.db.select().from(accounts).where(eq(accounts.email, email));
    if (account) {
      const token = await createResetToken(resetSecret, account, now().getTime());
      const base = deps.env?.APP_URL ?? new URL(c.req.url).origin;
      const link = `${base.replace(/\/+$/, '')}/reset/${encodeURIComponent(token)}`;
      await sendAccountMail(
        deps,
        {
          to: account.email,
          subject: 'Reset your Followthrough password',
          text: `Someone (hopefully you) asked to reset the password of your Followthrough account.\n\nChoose a new password here (the link works once, for one hour):\n${link}\n\nIf you did not ask, you can ignore this message.`,
        },
        link,
      );
    }
    return render(c, 'Check your email', <p>If an account exists for that address, we have sent a link to choose a new password. It works once, for one hour.</p>);
  });
  app.get('/reset/:token', (c) => render(c, 'Choose a new password', <ResetForm csrf={c.get('csrf')} token={c.req.param('token')} />));
  app.post('/reset/confirm', async (c) => {
    const f = await form(c);
    try {
      const account = await resetPassword(deps.db, resetSecret, str(f, 'token'), str(f, 'password'), now().getTime());
      await signIn(c, account.id);
      return c.redirect('/app?done=Your%20password%20is%20changed.', 303);
    } catch (e) {
      if (!(e instanceof AuthError)) throw e;
      return render(c, 'Choose a new password', <ResetForm csrf={c.get('csrf')} token={str(f, 'token')} />, { status: 422, error: e.message });
    }
  });

  app.post('/demo', async (c) => {
    if (deps.runtime !== 'node') return render(c, 'Demo', <p>The demo family needs the Node server; it is not available on Workers.</p>, { status: 404 });
    const started = Date.now();
    const account = await createDemoFamily(deps.db);
    await signIn(c, account.id);
    log(deps, { msg: 'demo family created', accountId: account.id, ms: Date.now() - started });
    return c.redirect('/app', 303);
  });

  return app;
}
