/**
 * Mail providers a parent can pick by name: their servers and where the app password is made. Data, not
 * code: to add a provider add a row. Each row names the provider's own page for its server settings
 * (`source`); re-check them before a release (they change rarely, but they do change). Checked 2026-12-02
 * against copies of those pages: Gmail (imap.gmail.com 993 TLS; smtp.gmail.com 465 TLS or 587 STARTTLS),
 * iCloud (imap.mail.me.com 993 TLS; smtp.mail.me.com 587 STARTTLS only), Outlook.com (outlook.office365.com
 * 993, smtp-mail.outlook.com 587 STARTTLS, "Outlook.com requires the use of Modern Auth / OAuth2": so the
 * parent is sent to "Connect Outlook" instead). Yahoo, AOL, Comcast, Fastmail and Zoho as in their pages below.
 */
import type { ServerConfig } from './config.js';

export interface ImapPreset {
  id: string;
  name: string;
  imap: ServerConfig;
  smtp: ServerConfig;
  /** Where the parent makes an app password (or turns on access for mail apps). */
  appPasswordUrl: string | null;
  /** Short steps in plain language, shown in order. */
  steps: string[];
  /** The provider's own page listing these server settings. */
  source: string;
  /** The provider does not accept app passwords for mail apps: connect it this way instead. */
  useInstead?: 'gmail' | 'outlook';
}

export const IMAP_PRESETS: readonly ImapPreset[] = [
  {
    id: 'gmail',
    name: 'Gmail (with an app password)',
    imap: { host: 'imap.gmail.com', port: 993, secure: true },
    smtp: { host: 'smtp.gmail.com', port: 465, secure: true },
    appPasswordUrl: 'https://myaccount.google.com/apppasswords',
    steps: [
      'The easiest way is the "Connect Gmail" button. Use this form only if that is not offered to you.',
      'App passwords need 2-Step Verification: turn it on in your Google Account, "Security", if it is off.',
      'Open the app passwords page (link below), name one "Followthrough" and create it.',
      'Copy the 16-letter password it shows and paste it here with your Gmail address.',
    ],
    source: 'https://support.google.com/mail/answer/7126229',
  },
  {
    id: 'yahoo',
    name: 'Yahoo Mail',
    imap: { host: 'imap.mail.yahoo.com', port: 993, secure: true },
    smtp: { host: 'smtp.mail.yahoo.com', port: 465, secure: true },
    appPasswordUrl: 'https://login.yahoo.com/account/security',
    steps: ['Open Yahoo Account Security (link below) and sign in.', 'Choose "Generate app password" (or "Manage app passwords").', 'Name it "Followthrough" and copy the password it shows.', 'Paste it here with your full Yahoo address.'],
    source: 'https://help.yahoo.com/kb/SLN4075.html',
  },
  {
    id: 'icloud',
    name: 'iCloud Mail',
    imap: { host: 'imap.mail.me.com', port: 993, secure: true },
    smtp: { host: 'smtp.mail.me.com', port: 587, secure: false },
    appPasswordUrl: 'https://account.apple.com/account/manage',
    steps: ['Open your Apple Account page (link below) and sign in.', 'Go to "Sign-In and Security", then "App-Specific Passwords".', 'Create one named "Followthrough" and copy it.', 'Paste it here with your iCloud email address.'],
    source: 'https://support.apple.com/en-us/102525',
  },
  {
    id: 'aol',
    name: 'AOL Mail',
    imap: { host: 'imap.aol.com', port: 993, secure: true },
    smtp: { host: 'smtp.aol.com', port: 465, secure: true },
    appPasswordUrl: 'https://login.aol.com/account/security',
    steps: ['Open AOL Account Security (link below) and sign in.', 'Choose "Generate app password".', 'Name it "Followthrough" and copy the password.', 'Paste it here with your full AOL address.'],
    source: 'https://help.aol.com/articles/how-do-i-use-other-email-applications-to-send-and-receive-my-aol-mail',
  },
  {
    id: 'comcast',
    name: 'Comcast / Xfinity',
    imap: { host: 'imap.comcast.net', port: 993, secure: true },
    smtp: { host: 'smtp.comcast.net', port: 587, secure: false },
    appPasswordUrl: 'https://www.xfinity.com/support/email',
    steps: ['Sign in to Xfinity Connect (your Xfinity email) on the web.', 'In Settings, under Security, turn on "Third Party Access".', 'Xfinity has no app passwords: use your Xfinity email password here.', 'Enter your full Comcast or Xfinity address.'],
    source: 'https://www.xfinity.com/support/articles/email-client-programs-with-xfinity-email',
  },
  {
    id: 'fastmail',
    name: 'Fastmail',
    imap: { host: 'imap.fastmail.com', port: 993, secure: true },
    smtp: { host: 'smtp.fastmail.com', port: 465, secure: true },
    appPasswordUrl: 'https://app.fastmail.com/settings/security/apps',
    steps: ['Open Fastmail Settings, "Privacy & Security", "App passwords" (link below).', 'Make a new app password with access to IMAP and SMTP.', 'Copy it and paste it here with your Fastmail address.'],
    source: 'https://www.fastmail.help/hc/en-us/articles/1500000278342-Server-names-and-ports',
  },
  {
    id: 'zoho',
    name: 'Zoho Mail',
    imap: { host: 'imap.zoho.com', port: 993, secure: true },
    smtp: { host: 'smtp.zoho.com', port: 465, secure: true },
    appPasswordUrl: 'https://accounts.zoho.com/home#security/app_password',
    steps: ['In Zoho Mail settings, make sure IMAP access is turned on.', 'Open Zoho Accounts, "Security", "App passwords" (link below).', 'Generate one named "Followthrough", copy it and paste it here.'],
    source: 'https://www.zoho.com/mail/help/imap-access.html',
  },
  {
    id: 'outlookcom',
    name: 'Outlook.com / Hotmail',
    imap: { host: 'outlook.office365.com', port: 993, secure: true },
    smtp: { host: 'smtp-mail.outlook.com', port: 587, secure: false },
    appPasswordUrl: null,
    steps: [
      'Microsoft no longer lets mail apps sign in to Outlook.com, Hotmail or Live addresses with a password or app password: they need Microsoft’s own sign-in.',
      'Use the "Connect Outlook" button instead. It works for Outlook.com, Hotmail and Live addresses.',
    ],
    source: 'https://support.microsoft.com/en-us/office/pop-imap-and-smtp-settings-8361e398-8af4-4e97-b147-6c6c4ac95353',
    useInstead: 'outlook',
  },
];

export function presetById(id: string): ImapPreset | null {
  return IMAP_PRESETS.find((p) => p.id === id) ?? null;
}

/** The preset an address most likely belongs to, by its domain (for pre-filling the form). */
export function presetForAddress(address: string): ImapPreset | null {
  const domain = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
  const byDomain: Record<string, string> = {
    'yahoo.com': 'yahoo', 'ymail.com': 'yahoo', 'rocketmail.com': 'yahoo',
    'icloud.com': 'icloud', 'me.com': 'icloud', 'mac.com': 'icloud',
    'aol.com': 'aol', 'comcast.net': 'comcast', 'fastmail.com': 'fastmail', 'fastmail.fm': 'fastmail',
    'zoho.com': 'zoho', 'zohomail.com': 'zoho', 'gmail.com': 'gmail', 'googlemail.com': 'gmail',
    'outlook.com': 'outlookcom', 'hotmail.com': 'outlookcom', 'live.com': 'outlookcom', 'msn.com': 'outlookcom',
  };
  return presetById(byDomain[domain] ?? '');
}
