/**
 * A send's outcome (services/drafts/send-draft.ts) in the parent's words, for the draft page.
 */
import type { SendOutcome } from '../services/drafts/send-draft.js';
import { unconfirmedAdvice, willLookIn } from './pages/send-check.js';

export function outcomeMessage(o: SendOutcome): { ok: boolean; text: string } {
  switch (o.status) {
    case 'sent':
      return { ok: true, text: 'Approved and sent from your mailbox. A copy is in your Sent folder.' };
    case 'saved':
      return { ok: true, text: 'Approved and saved to your mailbox’s Drafts folder. Send it from there when you are ready.' };
    case 'already':
      return { ok: true, text: `This follow-up was already ${o.draftStatus}.` };
    case 'in_progress':
      return { ok: true, text: 'Approved. It is being sent now.' };
    case 'unconfirmed':
      // What the Sent folder proves depends on the mailbox (pages/send-check.ts), so the check named does too.
      return o.asked
        ? { ok: false, text: `We could not confirm that this follow-up reached the school. ${unconfirmedAdvice(o.provider).check} Then tell us below. It will not be sent again unless you say so.` }
        : { ok: false, text: `Approved. We could not confirm that it went out; ${willLookIn(o.provider)}, and ask you if we cannot tell. It is never sent twice.` };
    case 'failed':
      return {
        ok: false,
        text:
          o.error.kind === 'unsupported'
            ? 'Approved, but not sent: there is no connected Gmail or Outlook mailbox (or other mailbox by IMAP) to send from. Send it from your own email app with one of the ways below, then press “I sent it”. Or connect a mailbox and press “Send now”.'
            : `Approved, but not sent: your mailbox refused it (${o.error.kind}). Nothing went out. You can try again.`,
      };
    default:
      return { ok: false, text: 'This follow-up was not approved, so nothing was sent.' };
  }
}
