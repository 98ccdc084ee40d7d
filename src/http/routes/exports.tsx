import { recordAudit } from '../../db/audit.js';
import { Hono } from 'hono';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { auditEvents } from '../../db/schema.js';
import { communicationLog, exportAccount, logCsv } from '../../services/accounts/exports.js';
import { recordData } from '../../services/accounts/record-data.js';
import type { AppDeps, AppEnv } from '../deps.js';
import { loadChild, notFound, nowFor, render, session, visible, formatInstant, timezoneName } from '../util.js';
import { actorName, describeEvent } from '../pages/audit-labels.js';

const fileName = (s: string) => s.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 40) || 'child';

export function exportRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();

  app.get('/export.json', async (c) => {
    const a = session(c).account;
    const now = nowFor(deps, a);
    const data = await exportAccount(deps.db, a.id, now);
    if (!data) notFound(c);
    await recordAudit(deps.db, { accountId: a.id, actor: `parent:${a.id}`, action: 'account.exported', subjectType: 'account', subjectId: a.id, data: {} });
    c.header('content-disposition', `attachment; filename="followthrough-export-${now.toISOString().slice(0, 10)}.json"`);
    c.header('cache-control', 'no-store');
    return c.json(data);
  });

  app.get('/children/:id/log.csv', async (c) => {
    const child = await loadChild(c, deps, c.req.param('id'));
    const log = await communicationLog(deps.db, child.accountId, child.id, nowFor(deps, session(c).account));
    if (!log) notFound(c);
    c.header('content-type', 'text/csv; charset=utf-8');
    c.header('content-disposition', `attachment; filename="communication-log-${fileName(child.name)}.csv"`);
    c.header('cache-control', 'no-store');
    return c.body(`\uFEFF${logCsv(log.entries)}`);
  });

  app.get('/children/:id/log.pdf', async (c) => {
    const child = await loadChild(c, deps, c.req.param('id'));
    const data = await recordData(deps.db, child.accountId, child.id, nowFor(deps, session(c).account));
    if (!data) notFound(c);
    // pdf-lib (with its fonts and pako) is loaded on the first printable log: evaluating it cost every Worker
    // cold start, though few requests print.
    const { recordPdf } = await import('../../services/accounts/record-pdf.js');
    const bytes = await recordPdf(data);
    c.header('content-type', 'application/pdf');
    c.header('content-disposition', `inline; filename="communication-log-${fileName(child.name)}.pdf"`);
    c.header('cache-control', 'no-store');
    return c.body(bytes as Uint8Array<ArrayBuffer>);
  });

  app.get('/audit', async (c) => {
    const ids = await visible(c, deps);
    const rows = await deps.db.select().from(auditEvents).where(and(inArray(auditEvents.accountId, ids), eq(auditEvents.accountId, session(c).account.id))).orderBy(desc(auditEvents.at)).limit(300);
    const tz = session(c).account.timezone;
    const link = (t: string, id: string | null) =>
      id && t === 'draft' ? `/drafts/${id}` : id && t === 'child' ? `/children/${id}` : id && t === 'request' ? `/requests/${id}` : null;
    return render(
      c,
      'Record',
      <>
        <h1>Record</h1>
        <p class="muted">Everything that happened in your account, newest first: what was found, what changed, what you edited, approved and sent. Times are {timezoneName(tz)}.</p>
        <table id="audit">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">What happened</th>
              <th scope="col">Who</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const href = link(r.subjectType, r.subjectId);
              return (
                <tr>
                  <td>{formatInstant(r.at, tz)}</td>
                  <td>{href ? <a href={href}>{describeEvent(r)}</a> : describeEvent(r)}</td>
                  <td>{actorName(r.actor)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </>,
    );
  });
  return app;
}
