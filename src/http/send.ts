/**
 * The one place the web app hands an approved draft to the mail layer (src/services/send-draft.ts: approve
 * fixes the Message-ID, then sendDraft sends exactly once, or saves to the mailbox's Drafts folder).
 */
import { approveDraft, sendDraft, type SendOutcome } from '../services/drafts/send-draft.js';
import type { AppDeps } from './deps.js';

export { approveDraft };

/** Sends (or saves to Drafts) a draft the parent has just approved. Never called for an unapproved draft. */
export async function sendApprovedDraft(deps: AppDeps, input: { draftId: string; accountId: string; mode: 'send' | 'draft'; actor: string; now: Date }): Promise<SendOutcome> {
  return sendDraft(deps.mail.sync, input.draftId, { mode: input.mode, accountId: input.accountId, actor: input.actor, now: input.now });
}

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
      return { ok: false, text: 'Approved. We could not confirm that it went out; we will check your Sent folder before trying again, so it is never sent twice.' };
    case 'failed':
      return {
        ok: false,
        text:
          o.error.kind === 'unsupported'
            ? 'Approved, but not sent: there is no connected Gmail or Outlook mailbox to send from. Connect one and press “Send now”, or copy the text into your own email.'
            : `Approved, but not sent: your mailbox refused it (${o.error.kind}). Nothing went out. You can try again.`,
      };
    default:
      return { ok: false, text: 'This follow-up was not approved, so nothing was sent.' };
  }
}
