import type { FC } from 'hono/jsx';

export const FirstRunPage: FC = () => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>Followthrough</title>
      <style>{`body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1f2933}
small{color:#52606d}`}</style>
    </head>
    <body>
      <main>
        <h1>Followthrough</h1>
        <p>
          Followthrough keeps track of what you have asked your child's school for in writing, tells you when an answer
          is late, and drafts calm follow-ups for you to approve.
        </p>
        <p>
          Import a mailbox from the command line: <code>npm run import -- --mail PATH --account YOU@EXAMPLE.COM --school DISTRICT.ORG</code>
        </p>
        <p>
          <small>This is not legal advice.</small>
        </p>
      </main>
    </body>
  </html>
);
