/**
 * Stands in for `imapflow` in the Worker bundle only (wrangler.toml [alias]): Workers have no raw TCP sockets
 * for IMAP, and the library is 430 KB of the bundle. IMAP mailboxes are synced by the Node service.
 */
export class ImapFlow {
  constructor() {
    throw new Error('IMAP mailboxes are synced by the Node service: a Worker cannot open IMAP connections');
  }
}
