/**
 * What a parent should check after a send whose outcome we could not confirm, by the kind of mailbox it went
 * from. The check differs because what the Sent folder proves differs:
 * - Gmail and Outlook file the message in Sent themselves, only once it was accepted: a copy there means it went.
 * - IMAP + SMTP: we append our own copy to Sent just before the SMTP transaction (mail/imap/sent.ts), so a copy
 *   there does not prove anything reached the school. A bounce in the inbox, or the school, tells.
 * - Archive only (the mailbox it went from is no longer connected): we cannot look at all.
 */
export type SendingMailbox = 'gmail' | 'outlook' | 'imap' | 'archive';

export interface UnconfirmedAdvice {
  /** Why we are asking, and what to look at. */
  check: string;
  /** The button that records it as sent. */
  found: string;
  /** The button that sends it again. */
  notFound: string;
}

export function unconfirmedAdvice(mailbox: SendingMailbox): UnconfirmedAdvice {
  switch (mailbox) {
    case 'gmail':
      return {
        check: 'Please open Gmail and look under “Sent” for this message (same subject, to the same people). Gmail files it there only once it has gone out.',
        found: 'It is in my Gmail Sent',
        notFound: 'It is not there: send it now',
      };
    case 'outlook':
      return {
        check: 'Please open Outlook and look in “Sent Items” for this message (same subject, to the same people). Outlook files it there only once it has gone out.',
        found: 'It is in my Sent Items',
        notFound: 'It is not there: send it now',
      };
    case 'imap':
      return {
        check:
          'Your Sent folder may show a copy, but we put that copy there ourselves just before sending, so it does not prove the message left. Please look in your inbox for a delivery failure notice from your mail server (“Undeliverable”, “Mail delivery failed”, “Returned mail”). If none has come after an hour, it most likely went out; if you are unsure, ask the school whether they received it.',
        found: 'No failure notice: record it as sent',
        notFound: 'It bounced: send it now',
      };
    case 'archive':
      return {
        check:
          'The mailbox it was being sent from is no longer connected, so we cannot look for it. Please look in that mailbox’s Sent folder, or ask the school whether they received it.',
        found: 'It went out: record it as sent',
        notFound: 'It did not: send it again',
      };
  }
}

/** While we have not looked yet (the claim is still fresh): what we will look at, per mailbox. */
export function willLookIn(mailbox: SendingMailbox): string {
  switch (mailbox) {
    case 'gmail':
      return 'we will look in your Gmail Sent folder';
    case 'outlook':
      return 'we will look in your Outlook Sent Items';
    case 'imap':
      return 'we will ask your mail server what became of the copy in your Sent folder';
    case 'archive':
      return 'the mailbox it went from is no longer connected, so we will ask you to check';
  }
}
