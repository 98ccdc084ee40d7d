import { recordAudit } from '../../db/audit.js';
import { scanArchive, sniffMailbox } from '../../services/onboarding/mailbox-upload.js';
import { hasUpload, saveUpload, uploadKey, withUpload } from '../../services/onboarding/upload-store.js';
import { STATUS } from '../errors.js';
import { Hono } from 'hono';
import { and, eq, inArray } from 'drizzle-orm';
import { provisions, schoolContacts } from '../../db/schema.js';
import {
  addContacts,
  addParentAddresses,
  calendarFromIcs,
  childProvisions,
  createChild,
  removeContact,
  saveCalendar,
  storeIepDocument,
  suggestFromStored,
  updateChild,
} from '../../services/onboarding/onboarding.js';
import { AppError, type ErrorCode } from '../../core/errors.js';
import { parseCalendarForm, parseChildForm, parseContactsForm, parseImportConfirmForm, parseIepUploadForm, parseMailboxUploadForm, parseProvisionForm } from '../forms/onboarding.js';
import type { AppDeps, AppEnv } from '../deps.js';
import { CalendarPage, ChildForm, ConfirmImportPage, ContactsPage, IepUploadPage, ProvisionReview } from '../pages/onboarding.js';
import { MailboxPage } from '../pages/import.js';
import { importProgressRoutes, startImport } from './import-progress.js';
import { importJobForUpload } from '../../services/onboarding/import-job.js';
import { actorOf, form, isUuid, loadChild, notFound, render, session, visible, type Ctx } from '../util.js';

export const UPLOAD_LIMITS = { iep: 25 * 1024 * 1024, mailbox: 200 * 1024 * 1024, calendar: 5 * 1024 * 1024 };

// A refusal of what the parent entered or uploaded (a form schema's, or the service's): the page again, with it.
const INPUT_CODES: ReadonlySet<ErrorCode> = new Set(['bad_request', 'bad_input', 'unsupported_media', 'too_large']);
const isInputError = (e: unknown): e is AppError => e instanceof AppError && INPUT_CODES.has(e.code);

export function onboardingRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const oauth = { gmail: Boolean(deps.env.GOOGLE_CLIENT_ID), outlook: Boolean(deps.env.MICROSOFT_CLIENT_ID) };
  const uploadDir = deps.uploadDir;
  const key = uploadKey(deps.mail.sync.keyring);

  const inputError = (c: Ctx, e: unknown, title: string, body: () => Parameters<typeof render>[2]) => {
    if (!isInputError(e)) throw e;
    return render(c, title, body(), { status: STATUS[e.code], error: e.message });
  };

  // ---- child
  app.get('/onboarding/child', (c) => render(c, 'About your child', <ChildForm csrf={c.get('csrf')} action="/children" />));
  app.post('/children', async (c) => {
    const s = session(c);
    const f = await form(c);
    try {
      const child = await createChild(deps.db, s.account.id, `parent:${s.account.id}`, parseChildForm(f));
      return c.redirect(`/children/${child.id}/setup/contacts`, 303);
    } catch (e) {
      return inputError(c, e, 'About your child', () => <ChildForm csrf={c.get('csrf')} action="/children" />);
    }
  });
  app.get('/children/:id/setup/child', async (c) => {
    const child = await loadChild(c, deps, c.req.param('id'));
    return render(c, child.name, <ChildForm csrf={c.get('csrf')} child={child} action={`/children/${child.id}/setup/child`} />);
  });
  app.post('/children/:id/setup/child', async (c) => {
    const child = await loadChild(c, deps, c.req.param('id'));
    try {
      await updateChild(deps.db, child.accountId, child.id, actorOf(c, child.accountId), parseChildForm(await form(c)));
      return c.redirect(`/children/${child.id}?done=Saved.`, 303);
    } catch (e) {
      return inputError(c, e, child.name, () => <ChildForm csrf={c.get('csrf')} child={child} action={`/children/${child.id}/setup/child`} />);
    }
  });

  // ---- contacts
  const contactsPage = async (c: Ctx, childId: string, error?: string) => {
    const child = await loadChild(c, deps, childId);
    const contacts = await deps.db.select().from(schoolContacts).where(eq(schoolContacts.childId, child.id));
    const suggestions = await suggestFromStored(deps.db, child.accountId, child.id);
    return render(c, 'School contacts', <ContactsPage csrf={c.get('csrf')} child={child} contacts={contacts} suggestions={suggestions} />, error ? { status: 422, error } : {});
  };
  app.get('/children/:id/setup/contacts', (c) => contactsPage(c, c.req.param('id')));
  app.post('/children/:id/setup/contacts', async (c) => {
    const child = await loadChild(c, deps, c.req.param('id'));
    const f = await form(c);
    let next: 'calendar' | 'stay';
    try {
      const parsed = parseContactsForm(f);
      next = parsed.next;
      await addContacts(deps.db, child.accountId, child.id, actorOf(c, child.accountId), parsed.contacts);
    } catch (e) {
      if (isInputError(e)) return contactsPage(c, child.id, e.message);
      throw e;
    }
    return c.redirect(next === 'calendar' ? `/children/${child.id}/setup/calendar` : `/children/${child.id}/setup/contacts?done=Saved.`, 303);
  });
  app.post('/children/:id/contacts/:cid/delete', async (c) => {
    const child = await loadChild(c, deps, c.req.param('id'));
    const cid = c.req.param('cid');
    if (!isUuid(cid)) notFound(c);
    const removed = await removeContact(deps.db, child.accountId, cid, actorOf(c, child.accountId));
    if (!removed || removed.childId !== child.id) notFound(c);
    return c.redirect(`/children/${child.id}/setup/contacts?done=Removed.`, 303);
  });

  // ---- calendar
  app.get('/children/:id/setup/calendar', async (c) => {
    const child = await loadChild(c, deps, c.req.param('id'));
    return render(c, 'School calendar', <CalendarPage csrf={c.get('csrf')} child={child} />);
  });
  app.post('/children/:id/setup/calendar', async (c) => {
    const child = await loadChild(c, deps, c.req.param('id'));
    const f = await form(c);
    try {
      const { ics, calendar } = parseCalendarForm(f);
      const cal = ics ? calendarFromIcs(new Uint8Array(await ics.arrayBuffer())) : calendar;
      if (!cal) return c.redirect(`/children/${child.id}/setup/iep`, 303);
      await saveCalendar(deps.db, child.accountId, child.id, actorOf(c, child.accountId), cal);
      return c.redirect(`/children/${child.id}/setup/iep?done=${encodeURIComponent(`Calendar saved: ${cal.firstDay} to ${cal.lastDay}, ${cal.closed.length} closures.`)}`, 303);
    } catch (e) {
      return inputError(c, e, 'School calendar', () => <CalendarPage csrf={c.get('csrf')} child={child} />);
    }
  });

  // ---- IEP / 504
  app.get('/children/:id/setup/iep', async (c) => {
    const child = await loadChild(c, deps, c.req.param('id'));
    return render(c, 'IEP / 504', <IepUploadPage csrf={c.get('csrf')} child={child} />);
  });
  app.post('/children/:id/setup/iep', async (c) => {
    const child = await loadChild(c, deps, c.req.param('id'));
    const f = await form(c);
    try {
      const { file, kind } = parseIepUploadForm(f);
      const r = await storeIepDocument(deps.db, child.accountId, child.id, actorOf(c, child.accountId), { filename: file.name, kind, bytes: new Uint8Array(await file.arrayBuffer()) });
      return c.redirect(`/children/${child.id}/iep?done=${encodeURIComponent(`We found ${r.provisions} provisions. Please review them.`)}`, 303);
    } catch (e) {
      return inputError(c, e, 'IEP / 504', () => <IepUploadPage csrf={c.get('csrf')} child={child} />);
    }
  });
  app.get('/children/:id/iep', async (c) => {
    const child = await loadChild(c, deps, c.req.param('id'));
    return render(c, 'IEP provisions', <ProvisionReview csrf={c.get('csrf')} child={child} list={await childProvisions(deps.db, child.id)} />);
  });
  app.post('/children/:id/provisions', async (c) => {
    const child = await loadChild(c, deps, c.req.param('id'));
    try {
      const p = parseProvisionForm(await form(c));
      const existing = await childProvisions(deps.db, child.id);
      const [row] = await deps.db
        .insert(provisions)
        .values({ accountId: child.accountId, childId: child.id, documentId: null, label: `u${existing.length + 1}`, type: p.type, text: p.text, section: p.section, page: p.page, details: p.date ? { date: p.date, label: p.text.slice(0, 60) } : null })
        .returning({ id: provisions.id });
      await recordAudit(deps.db, { accountId: child.accountId, actor: actorOf(c, child.accountId), action: 'provision.added', subjectType: 'provision', subjectId: row!.id, data: { type: p.type } });
      return c.redirect(`/children/${child.id}/iep?done=Added.`, 303);
    } catch (e) {
      return inputError(c, e, 'IEP provisions', () => <p>Please go back and try again.</p>);
    }
  });
  const loadProvision = async (c: Ctx) => {
    const id = c.req.param('pid');
    if (!isUuid(id)) notFound(c);
    const [row] = await deps.db.select().from(provisions).where(and(eq(provisions.id, id), inArray(provisions.accountId, await visible(c, deps))));
    if (!row) notFound(c);
    return row;
  };
  app.post('/provisions/:pid', async (c) => {
    const row = await loadProvision(c);
    try {
      const p = parseProvisionForm(await form(c));
      const details = { ...(row.details ?? {}), ...(p.date ? { date: p.date } : {}) };
      await deps.db.update(provisions).set({ type: p.type, text: p.text, section: p.section, page: p.page, details }).where(eq(provisions.id, row.id));
      await recordAudit(deps.db, { accountId: row.accountId, actor: actorOf(c, row.accountId), action: 'provision.edited', subjectType: 'provision', subjectId: row.id, data: { type: p.type } });
      return c.redirect(`/children/${row.childId}/iep?done=Saved.`, 303);
    } catch (e) {
      return inputError(c, e, 'IEP provisions', () => <p>Please go back and try again.</p>);
    }
  });
  app.post('/provisions/:pid/delete', async (c) => {
    const row = await loadProvision(c);
    await deps.db.delete(provisions).where(eq(provisions.id, row.id));
    await recordAudit(deps.db, { accountId: row.accountId, actor: actorOf(c, row.accountId), action: 'provision.deleted', subjectType: 'provision', subjectId: row.id, data: { type: row.type } });
    return c.redirect(`/children/${row.childId}/iep?done=Deleted.`, 303);
  });

  // ---- mailbox
  app.get('/children/:id/setup/mailbox', async (c) => {
    const child = await loadChild(c, deps, c.req.param('id'));
    return render(c, 'Mailbox', <MailboxPage csrf={c.get('csrf')} child={child} oauth={oauth} available={Boolean(uploadDir)} imap={deps.runtime === 'node'} />);
  });
  app.post('/children/:id/setup/mailbox', async (c) => {
    const child = await loadChild(c, deps, c.req.param('id'));
    const page = () => <MailboxPage csrf={c.get('csrf')} child={child} oauth={oauth} available={Boolean(uploadDir)} imap={deps.runtime === 'node'} />;
    try {
      // The form is not offered without a disk (Workers); a post from an old page or a script is told the same, before any upload is read.
      if (!uploadDir) throw new AppError('bad_request', 'Importing a mailbox file is not available on this version of Followthrough, so nothing was uploaded. Please connect your mailbox instead.');
      const { file } = parseMailboxUploadForm(await form(c));
      const bytes = new Uint8Array(await file.arrayBuffer());
      const format = sniffMailbox(bytes, file.name);
      const saved = await saveUpload(uploadDir, child.accountId, format, bytes, key);
      deps.log.info('mailbox uploaded', { accountId: child.accountId, bytes: bytes.length, format });
      return c.redirect(`/children/${child.id}/setup/mailbox/${saved.id}`, 303);
    } catch (e) {
      return inputError(c, e, 'Mailbox', page);
    }
  });
  app.get('/children/:id/setup/mailbox/:upload', async (c) => {
    const child = await loadChild(c, deps, c.req.param('id'));
    const scan = uploadDir ? await withUpload(uploadDir, child.accountId, c.req.param('upload'), key, (path) => scanArchive(path)) : null;
    if (!scan) notFound(c);
    const contacts = (await deps.db.select({ v: schoolContacts.value }).from(schoolContacts).where(eq(schoolContacts.childId, child.id))).map((r) => r.v);
    return render(
      c,
      'Before we import',
      <ConfirmImportPage csrf={c.get('csrf')} child={child} uploadId={c.req.param('upload')} messages={scan.messages} domains={scan.schoolDomains} senders={scan.senders} contacts={contacts} email={session(c).account.email} />,
    );
  });
  app.post('/children/:id/setup/mailbox/:upload/import', async (c) => {
    const child = await loadChild(c, deps, c.req.param('id'));
    const upload = c.req.param('upload');
    // Pressed again after the import began (the upload is deleted once imported): the same job's page.
    const existing = await importJobForUpload(deps.db, child.accountId, upload);
    if (existing && existing.childId === child.id) return c.redirect(`/children/${child.id}/imports/${existing.id}`, 303);
    if (!uploadDir || !(await hasUpload(uploadDir, child.accountId, upload))) notFound(c);
    const f = await form(c);
    const actor = actorOf(c, child.accountId);
    try {
      const confirmed = parseImportConfirmForm(f);
      await addContacts(deps.db, child.accountId, child.id, actor, confirmed.school);
      await addParentAddresses(deps.db, child.accountId, confirmed.mine);
      // The import runs in the background; the same upload confirmed twice is the same job.
      const job = await startImport(deps, { accountId: child.accountId, childId: child.id, uploadId: upload, actor });
      return c.redirect(`/children/${child.id}/imports/${job.id}`, 303);
    } catch (e) {
      if (isInputError(e)) return c.redirect(`/children/${child.id}/setup/mailbox/${c.req.param('upload')}?error=${encodeURIComponent(e.message)}`, 303);
      throw e;
    }
  });
  app.route('/', importProgressRoutes(deps));
  return app;
}
