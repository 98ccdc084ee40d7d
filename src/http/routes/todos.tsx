/** Marking one of the school's asks done (post/redirect/get back to the page it was on). */
import { Hono } from 'hono';
import { markSchoolAsk } from '../../services/todos/school-asks.js';
import type { AppDeps, AppEnv } from '../deps.js';
import { safeNextPath } from '../safe-redirect.js';
import { parseTodoForm } from '../forms/requests.js';
import { actorOf, form, isUuid, notFound, nowFor, session } from '../util.js';

export function todoRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.post('/todos/:id', async (c) => {
    const id = c.req.param('id');
    if (!isUuid(id)) notFound(c);
    // A form that cannot be read is the error page's bad_input (http/errors.ts).
    const f = parseTodoForm(await form(c));
    const s = session(c);
    // Changing is the parent's own only (an advocate reads).
    const row = await markSchoolAsk(deps.db, { accountId: s.account.id, id, actor: actorOf(c, s.account.id), done: f.done, now: nowFor(deps, s.account) });
    if (!row) notFound(c);
    const back = safeNextPath(f.back.split('#')[0], row.childId ? `/children/${row.childId}` : '/app');
    return c.redirect(`${back}${back.includes('?') ? '&' : '?'}done=${encodeURIComponent(f.done ? 'Marked done.' : 'Marked not done.')}#todos`, 303);
  });
  return app;
}
