/** Entering and confirming process-clock start dates (spec §5). Changes touch the signed-in parent's own rows only. */
import { Hono } from 'hono';
import { AppError } from '../../core/errors.js';
import type { AppDeps, AppEnv } from '../deps.js';
import { addClockEvent, confirmClockStart, removeClockEvent } from '../../services/clocks/events.js';
import { actorOf, form, isUuid, loadChild, notFound, nowFor, session } from '../util.js';
import { parseClockConfirmForm, parseClockEventForm } from '../forms/clocks.js';

export function clockRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();

  app.post('/children/:id/clock-events', async (c) => {
    const child = await loadChild(c, deps, c.req.param('id'));
    const entry = parseClockEventForm(await form(c));
    await addClockEvent(deps.db, child.accountId, child.id, entry, nowFor(deps, session(c).account), actorOf(c, child.accountId));
    return c.redirect(`/children/${child.id}?done=${encodeURIComponent('Date saved; the clocks are recounted.')}#clocks`, 303);
  });

  app.post('/clocks/:id/confirm', async (c) => {
    const id = c.req.param('id');
    if (!isUuid(id)) notFound(c);
    const me = session(c).account.id;
    const { date } = parseClockConfirmForm(await form(c));
    try {
      const { childId } = await confirmClockStart(deps.db, me, id, date, nowFor(deps, session(c).account), actorOf(c, me));
      return c.redirect(`/children/${childId}?done=${encodeURIComponent('Consent date confirmed.')}#clocks`, 303);
    } catch (err) {
      if (err instanceof AppError && err.code === 'not_found') notFound(c);
      throw err;
    }
  });

  app.post('/clock-events/:id/delete', async (c) => {
    const id = c.req.param('id');
    if (!isUuid(id)) notFound(c);
    const me = session(c).account.id;
    try {
      const { childId } = await removeClockEvent(deps.db, me, id, nowFor(deps, session(c).account), actorOf(c, me));
      return c.redirect(`/children/${childId}?done=${encodeURIComponent('Entry removed; the clocks are recounted.')}#clocks`, 303);
    } catch (err) {
      if (err instanceof AppError && err.code === 'not_found') notFound(c);
      throw err;
    }
  });
  return app;
}
