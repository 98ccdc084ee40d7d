import type { FC } from 'hono/jsx';
import { Csrf } from './layout.js';

export const SignUpForm: FC<{ csrf: string; email?: string; name?: string }> = (p) => (
  <>
    <h1>Create your account</h1>
    <p class="muted">It takes a minute. You can add your child, the school and your mailbox next, at your own pace.</p>
    <form method="post" action="/signup" class="card">
      <Csrf token={p.csrf} />
      <label>
        Your name <span class="hint">Used to sign the follow-up letters you approve.</span>
        <input type="text" name="name" autocomplete="name" value={p.name ?? ''} />
      </label>
      <label>
        Email
        <input type="email" name="email" autocomplete="email" required value={p.email ?? ''} />
      </label>
      <label>
        Password <span class="hint">At least 10 characters.</span>
        <input type="password" name="password" autocomplete="new-password" required minlength={10} />
      </label>
      <div class="actions">
        <button type="submit">Create account</button>
        <a href="/signin">I already have an account</a>
      </div>
    </form>
  </>
);

export const SignInForm: FC<{ csrf: string; email?: string; next?: string }> = (p) => (
  <>
    <h1>Sign in</h1>
    <form method="post" action="/signin" class="card">
      <Csrf token={p.csrf} />
      <input type="hidden" name="next" value={p.next ?? ''} />
      <label>
        Email
        <input type="email" name="email" autocomplete="email" required value={p.email ?? ''} />
      </label>
      <label>
        Password
        <input type="password" name="password" autocomplete="current-password" required />
      </label>
      <div class="actions">
        <button type="submit">Sign in</button>
        <a href="/reset">Forgot your password?</a>
      </div>
    </form>
    <p>
      New here? <a href="/signup">Create an account</a> or <a href="/">try the demo</a>.
    </p>
  </>
);

/** With no mail server configured the page says so before anyone types: no link can be sent. */
export const ForgotForm: FC<{ csrf: string; mailConfigured: boolean }> = (p) =>
  p.mailConfigured ? (
    <>
      <h1>Reset your password</h1>
      <p>Enter your account's email address. If it has an account, we will send a link to choose a new password (valid for an hour).</p>
      <form method="post" action="/reset" class="card">
        <Csrf token={p.csrf} />
        <label>
          Email
          <input type="email" name="email" autocomplete="email" required />
        </label>
        <div class="actions">
          <button type="submit">Send the link</button>
        </div>
      </form>
    </>
  ) : (
    <>
      <h1>Reset your password</h1>
      <p class="notice" id="no-mail">
        This Followthrough server cannot send email (no mail server is configured), so it cannot send you a reset link. Please ask the person who
        runs it to set up email (SMTP_URL), or to reset your password for you.
      </p>
      <p>
        <a href="/signin">Back to sign in</a>
      </p>
    </>
  );

export const ResetForm: FC<{ csrf: string; token: string }> = (p) => (
  <>
    <h1>Choose a new password</h1>
    <form method="post" action="/reset/confirm" class="card">
      <Csrf token={p.csrf} />
      <input type="hidden" name="token" value={p.token} />
      <label>
        New password <span class="hint">At least 10 characters.</span>
        <input type="password" name="password" autocomplete="new-password" required minlength={10} />
      </label>
      <div class="actions">
        <button type="submit">Save the new password</button>
      </div>
    </form>
  </>
);
