/** The ladder controls (stop, skip, restart): post/redirect/get back to where the parent was. */
import { Hono } from 'hono';
import { isAppError } from '../../core/errors.js';
import { controlLadder, ladderView } from '../../services/drafts/ladder-controls.js';
import { parseLadderForm } from '../forms/requests.js';
import type { AppDeps, AppEnv } from '../deps.js';
import { LadderPanel } from '../pages/ladder.js';
import { actorOf, form, loadRequest, nowFor, render, session } from '../util.js';
import { safeNextPath } from '../safe-redirect.js';

const DONE: Record<string, string> = { stop: 'The follow-up plan is stopped.', skip: 'Skipped: the next step is ready for your review.', restart: 'The follow-up plan starts again at step 1.' };

export function ladderRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.get('/requests/:id/ladder', async (c) => {
    const req = await loadRequest(c, deps, c.req.param('id'));
    const v = (await ladderView(deps.db, req.accountId, req.id, nowFor(deps, session(c).account)))!;
    const back = req.threadId ? `/threads/${req.threadId}` : req.childId ? `/children/${req.childId}` : '/app';
    return render(
      c,
      'Follow-up plan',
      <>
        <p>
          <a href={`${back}#r-${req.id}`}>← Back to the conversation</a>
        </p>
        <h1>Follow-up plan</h1>
        <blockquote>{req.evidence}</blockquote>
        <LadderPanel csrf={c.get('csrf')} requestId={req.id} v={v} back={`/requests/${req.id}/ladder`} />
      </>,
    );
  });
  app.post('/requests/:id/ladder', async (c) => {
    const req = await loadRequest(c, deps, c.req.param('id'));
    let f;
    try {
      f = parseLadderForm(await form(c));
    } catch (e) {
      if (!isAppError(e) || e.code !== 'bad_input') throw e;
      return render(c, 'Please try again', <p>{e.message}</p>, { status: 422 });
    }
    const { control } = f;
    const ok = await controlLadder(deps.db, { accountId: req.accountId, requestId: req.id, actor: actorOf(c, req.accountId), control, now: nowFor(deps, session(c).account) });
    const back = safeNextPath(f.back.split('#')[0], `/requests/${req.id}/ladder`);
    const note = ok ? DONE[control]! : 'Nothing to change: the plan is not at a step that can be skipped.';
    return c.redirect(`${back}${back.includes('?') ? '&' : '?'}done=${encodeURIComponent(note)}#r-${req.id}`, 303);
  });
  return app;
}
