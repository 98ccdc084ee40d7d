/** The public rules pages: no sign-in needed (spec §5: every deadline shows the rule behind it). */
import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../deps.js';
import { ruleTable, jurisdiction } from '../../core/deadlines/index.js';
import { RulesIndexPage, RulesStatePage } from '../pages/rules.js';
import { notFound, render } from '../util.js';

export function rulesRoutes(_deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.get('/rules', (c) => render(c, 'Deadline rules', <RulesIndexPage jurisdictions={ruleTable()} />));
  app.get('/rules/:state', (c) => {
    const code = c.req.param('state');
    const j = /^[a-z]{2}$/i.test(code) ? jurisdiction(code) : undefined;
    if (!j) notFound(c);
    return render(c, `Deadline rules: ${j.name}`, <RulesStatePage j={j} federal={jurisdiction('US')} />);
  });
  return app;
}
