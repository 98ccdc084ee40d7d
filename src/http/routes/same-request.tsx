/**
 * "This is the same request as…" and its undo (issue 14 #8), post/redirect/get. The request in the address is
 * loaded as the parent's own (util.ts: changing anything is the parent's own only); the other one is checked by
 * the service, which answers a request of another account or child as not found. A second press is a no-op.
 */
import { Hono } from 'hono';
import { parseSameRequestForm } from '../forms/requests.js';
import { joinSameRequest, splitSameRequest } from '../../services/analysis/same-request.js';
import type { AppDeps, AppEnv } from '../deps.js';
import { actorOf, form, loadRequest, nowFor, session } from '../util.js';

export function sameRequestRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();

  app.post('/requests/:id/same-as', async (c) => {
    const req = await loadRequest(c, deps, c.req.param('id'));
    const { other } = parseSameRequestForm(await form(c));
    const joined = await joinSameRequest(deps.db, { accountId: req.accountId, requestId: req.id, otherId: other, actor: actorOf(c, req.accountId), now: nowFor(deps, session(c).account) });
    const done = encodeURIComponent('Joined: they are one request now. The one you asked first is kept.');
    return c.redirect(`/requests/${joined.keptId}?done=${done}#asked-again`, 303);
  });

  app.post('/requests/:id/split', async (c) => {
    const req = await loadRequest(c, deps, c.req.param('id'));
    await form(c); // the CSRF token is checked by the middleware; the form carries nothing else
    await splitSameRequest(deps.db, { accountId: req.accountId, joinedId: req.id, actor: actorOf(c, req.accountId), now: nowFor(deps, session(c).account) });
    return c.redirect(`/requests/${req.id}?done=${encodeURIComponent('Undone: it is its own request again.')}`, 303);
  });

  return app;
}
