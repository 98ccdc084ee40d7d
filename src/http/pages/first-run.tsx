import type { FC } from 'hono/jsx';
import { Csrf } from './layout.js';

/** The welcoming page: what Followthrough does, the demo, and the way in. */
export const FirstRunPage: FC<{ csrf: string }> = (p) => (
  <>
    <h1>Keep track of what you asked the school for</h1>
    <p>
      Followthrough reads your school email, finds each written request you made (an evaluation, records, a meeting,
      missed services…), works out when an answer is due and whether it has come, and drafts a calm follow-up for
      you to approve. Nothing is sent without your approval.
    </p>
    <div class="card">
      <h2 style="margin-top:0">See it first</h2>
      <form method="post" action="/demo">
        <Csrf token={p.csrf} />
        <p>A made-up family with two children, a sample IEP and a few months of school email. It takes a few seconds.</p>
        <button type="submit">Try it with a demo family</button>
      </form>
    </div>
    <div class="card">
      <h2 style="margin-top:0">Use it for your family</h2>
      <p>Create an account, add your child and the school's email domain, upload the IEP and import your mailbox.</p>
      <a class="button" href="/signup">
        Create an account
      </a>
      <a class="button secondary" href="/signin">
        Sign in
      </a>
    </div>
  </>
);
