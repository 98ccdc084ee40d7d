import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../deps.js';
import { ChildDashboardPage } from '../pages/dashboard.js';
import { HomePage } from '../pages/home.js';
import { homeData } from './dashboard-home.js';
import { loadChild, nowFor, render, session, visible } from '../util.js';
import { childDashboard, visibleChildren } from './dashboard-data.js';
import { childSchoolAsks, openSchoolAsks } from '../../services/todos/school-asks.js';
import { HomeSchoolAsks, SchoolAsksSection } from '../pages/todos.js';

export function dashboardRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const oauth = { gmail: Boolean(deps.env.GOOGLE_CLIENT_ID), outlook: Boolean(deps.env.MICROSOFT_CLIENT_ID) };

  app.get('/app', async (c) => {
    const s = session(c);
    const ids = await visible(c, deps);
    const kids = await visibleChildren(deps.db, ids);
    if (!kids.length) return c.redirect('/onboarding/child', 303);
    // One round of queries: the children's dashboards and the open to-dos are read together.
    const [data, asks] = await Promise.all([homeData(deps.db, kids, nowFor(deps, s.account)), openSchoolAsks(deps.db, ids)]);
    const todos = asks.length ? <HomeSchoolAsks csrf={c.get('csrf')} open={asks} kids={kids} /> : undefined;
    const demoNow = typeof s.account.settings['demoNow'] === 'string' ? (s.account.settings['demoNow'] as string) : null;
    return render(c, 'Today', <HomePage data={data} demo={Boolean(s.account.settings['demo'])} demoNow={demoNow} timezone={s.account.timezone} todos={todos} />);
  });

  app.get('/children/:id', async (c) => {
    const child = await loadChild(c, deps, c.req.param('id'));
    const [d, todos] = await Promise.all([childDashboard(deps.db, child, nowFor(deps, session(c).account)), childSchoolAsks(deps.db, child.accountId, child.id)]);
    return render(
      c,
      child.name,
      <>
        <ChildDashboardPage child={child} d={d} oauth={oauth} csrf={c.get('csrf')} />
        <SchoolAsksSection csrf={c.get('csrf')} open={todos.open} done={todos.done} back={`/children/${child.id}`} />
      </>,
    );
  });
  return app;
}
