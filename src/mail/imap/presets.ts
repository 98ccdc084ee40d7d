/**
 * Mail providers a parent can pick by name: their servers and where the app password is made. Data, not
 * code: to add a provider add a row. Server names and the app-password pages should be re-checked against
 * each provider's help pages before a release (they change rarely, but they do change).
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
}

export const IMAP_PRESETS: readonly ImapPreset[] = [
  {
    id: 'yahoo',
    name: 'Yahoo Mail',
    imap: { host: 'imap.mail.yahoo.com', port: 993, secure: true },
    smtp: { host: 'smtp.mail.yahoo.com', port: 465, secure: true },
    appPasswordUrl: 'https://login.yahoo.com/account/security',
    steps: ['Open Yahoo Account Security (link below) and sign in.', 'Choose "Generate app password" (or "Manage app passwords").', 'Name it "Followthrough" and copy the password it shows.', 'Paste it here with your full Yahoo address.'],
  },
  {
    id: 'icloud',
    name: 'iCloud Mail',
    imap: { host: 'imap.mail.me.com', port: 993, secure: true },
    smtp: { host: 'smtp.mail.me.com', port: 587, secure: false },
    appPasswordUrl: 'https://account.apple.com/account/manage',
    steps: ['Open your Apple Account page (link below) and sign in.', 'Go to "Sign-In and Security", then "App-Specific Passwords".', 'Create one named "Followthrough" and copy it.', 'Paste it here with your iCloud email address.'],
  },
  {
    id: 'aol',
    name: 'AOL Mail',
    imap: { host: 'imap.aol.com', port: 993, secure: true },
    smtp: { host: 'smtp.aol.com', port: 465, secure: true },
    appPasswordUrl: 'https://login.aol.com/account/security',
    steps: ['Open AOL Account Security (link below) and sign in.', 'Choose "Generate app password".', 'Name it "Followthrough" and copy the password.', 'Paste it here with your full AOL address.'],
  },
  {
    id: 'comcast',
    name: 'Comcast / Xfinity',
    imap: { host: 'imap.comcast.net', port: 993, secure: true },
    smtp: { host: 'smtp.comcast.net', port: 587, secure: false },
    appPasswordUrl: 'https://www.xfinity.com/support/email',
    steps: ['Sign in to Xfinity Connect (your Xfinity email) on the web.', 'In Settings, under Security, turn on "Third Party Access".', 'Xfinity has no app passwords: use your Xfinity email password here.', 'Enter your full Comcast or Xfinity address.'],
  },
  {
    id: 'fastmail',
    name: 'Fastmail',
    imap: { host: 'imap.fastmail.com', port: 993, secure: true },
    smtp: { host: 'smtp.fastmail.com', port: 465, secure: true },
    appPasswordUrl: 'https://app.fastmail.com/settings/security/apps',
    steps: ['Open Fastmail Settings, "Privacy & Security", "App passwords" (link below).', 'Make a new app password with access to IMAP and SMTP.', 'Copy it and paste it here with your Fastmail address.'],
  },
  {
    id: 'zoho',
    name: 'Zoho Mail',
    imap: { host: 'imap.zoho.com', port: 993, secure: true },
    smtp: { host: 'smtp.zoho.com', port: 465, secure: true },
    appPasswordUrl: 'https://accounts.zoho.com/home#security/app_password',
    steps: ['In Zoho Mail settings, make sure IMAP access is turned on.', 'Open Zoho Accounts, "Security", "App passwords" (link below).', 'Generate one named "Followthrough", copy it and paste it here.'],
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
    'zoho.com': 'zoho', 'zohomail.com': 'zoho',
  };
  return presetById(byDomain[domain] ?? '');
}
