/**
 * /connect/imap: the IMAP/SMTP form, "Test connection" (as a page, or as a fragment for the page's script),
 * and "Connect", which tests again and only then stores the settings, sealed, and starts the backfill.
 * Behind the session (mounted under /connect/*); the parent's own account only.
 */
import { Hono } from 'hono';
import { IMAP_PRESETS, presetById, presetForAddress, type ImapPreset } from '../../mail/imap/presets.js';
import { diagnoseImap, imapCredentialsFromForm, saveImapConnection, type Diagnosis } from '../../services/mailbox/imap-connection.js';
import type { AppDeps, AppEnv } from '../deps.js';
import { DiagnosisResult, ImapConnectPage, type ImapFormValues } from '../pages/connect-imap.js';
import { waitUntil } from './oauth.js';
import { form, isUuid, render, session, type Ctx } from '../util.js';
import { parseConnectImapForm, type ConnectImapFields } from '../forms/connect-imap.js';

function valuesFor(preset: ImapPreset | null, over: Partial<ImapFormValues> = {}): ImapFormValues {
  return {
    preset: preset?.id ?? 'other',
    address: '',
    user: '',
    imapHost: preset?.imap.host ?? '',
    imapPort: String(preset?.imap.port ?? 993),
    imapSecurity: preset && !preset.imap.secure ? 'starttls' : 'tls',
    smtpHost: preset?.smtp.host ?? '',
    smtpPort: String(preset?.smtp.port ?? 465),
    smtpSecurity: preset && !preset.smtp.secure ? 'starttls' : 'tls',
    child: '',
    ...over,
  };
}

function valuesFromForm(f: ConnectImapFields): ImapFormValues {
  return {
    preset: f.preset,
    address: f.address,
    user: f.user,
    imapHost: f.imap_host,
    imapPort: f.imap_port,
    imapSecurity: f.imap_security,
    smtpHost: f.smtp_host,
    smtpPort: f.smtp_port,
    smtpSecurity: f.smtp_security,
    child: f.child,
  };
}

export function connectImapRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const transport = () => {
    const t = deps.mail.sync.providers.imap;
    return { ...(t?.imap ? { imap: t.imap } : {}), ...(t?.smtp ? { smtp: t.smtp } : {}) };
  };
  const oauth = () => ({ gmail: Boolean(deps.mail.oauthClients.gmail), outlook: Boolean(deps.mail.oauthClients.outlook) });

  const page = (c: Ctx, values: ImapFormValues, opts: { diagnosis?: Diagnosis | null; error?: string; status?: 200 | 422 } = {}) =>
    render(
      c,
      'Connect another mailbox',
      <ImapConnectPage csrf={c.get('csrf')} presets={IMAP_PRESETS} preset={presetById(values.preset)} values={values} diagnosis={opts.diagnosis ?? null} oauth={oauth()} />,
      { error: opts.error ?? null, status: opts.status ?? 200 },
    );

  /** The form checked and tested: the credentials, or what to show instead. */
  async function tested(f: ConnectImapFields) {
    const values = valuesFromForm(f);
    const parsed = imapCredentialsFromForm({
      address: values.address,
      user: values.user,
      password: f.password,
      imapHost: values.imapHost,
      imapPort: values.imapPort,
      imapSecurity: values.imapSecurity,
      smtpHost: values.smtpHost,
      smtpPort: values.smtpPort,
      smtpSecurity: values.smtpSecurity,
    });
    if (!parsed.ok) return { values, error: parsed.message, diagnosis: null, credentials: null };
    const diagnosis = await diagnoseImap(parsed.credentials, transport());
    // Only the outcome's step is logged: never the password, nor a server's words.
    deps.log.info('imap test connection', { ok: diagnosis.ok, step: diagnosis.ok ? null : diagnosis.step });
    return { values, error: null, diagnosis, credentials: parsed.credentials };
  }

  const NO_KEY = 'This server has no encryption key configured (ENCRYPTION_KEYS), so it cannot keep a mailbox password safely. Ask whoever runs it to set one.';

  app.get('/connect/imap', (c) => {
    const child = c.req.query('child');
    const email = session(c).account.email;
    const preset = presetById(c.req.query('preset') ?? '') ?? (c.req.query('preset') === 'other' ? null : presetForAddress(email));
    const values = valuesFor(preset, { address: email, child: isUuid(child) ? child : '' });
    return deps.mail.sync.keyring ? page(c, values) : page(c, values, { error: NO_KEY });
  });

  // The page's script: the result as a fragment, the typed password kept in the browser.
  app.post('/connect/imap/test', async (c) => {
    const t = await tested(parseConnectImapForm(await form(c)));
    return c.html(
      t.error ? (
        <div id="diagnosis" role="status" aria-live="polite">
          <p class="error" data-step="form">
            {t.error}
          </p>
        </div>
      ) : (
        <DiagnosisResult d={t.diagnosis} />
      ),
    );
  });

  app.post('/connect/imap', async (c) => {
    const f = parseConnectImapForm(await form(c));
    const t = await tested(f);
    if (t.error) return page(c, t.values, { error: t.error, status: 422 });
    if (f.action !== 'connect' || !t.diagnosis!.ok) return page(c, t.values, { diagnosis: t.diagnosis, status: t.diagnosis!.ok ? 200 : 422 });
    if (!deps.mail.sync.keyring) return page(c, t.values, { error: NO_KEY, status: 422 });
    const accountId = session(c).account.id;
    const { connectionId, created } = await saveImapConnection(deps.db, { accountId, credentials: t.credentials!, keyring: deps.mail.sync.keyring });
    const p = Promise.resolve()
      .then(() => deps.mail.onConnected(connectionId))
      .catch((e: unknown) => deps.log.error('after-connect hook failed', { connectionId, error: (e as Error)?.name }));
    waitUntil(c, p);
    const done = encodeURIComponent(`${created ? 'Connected' : 'Reconnected'} ${t.credentials!.address}. School mail is being read now; new mail will follow automatically.`);
    return c.redirect(t.values.child ? `/children/${t.values.child}?done=${done}` : `/app?done=${done}`, 303);
  });

  return app;
}
