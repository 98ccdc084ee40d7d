/**
 * Spec §4: an automatic message is never a reply. Headers first (RFC 3834 Auto-Submitted and the
 * de-facto X-Autoreply / X-Autorespond / Precedence), then the subjects clients put on vacation replies.
 */
const AUTO_SUBJECT = /^\s*(automatic reply|auto(matic)?[- ]?reply|autoreply|out of (the )?office|auto:|respuesta autom[aá]tica|r[ée]ponse automatique|abwesenheitsnotiz)/i;

export function isAutomatic(msg: { subject: string; header(name: string): string | null }): boolean {
  const auto = msg.header('auto-submitted');
  if (auto && auto.trim().toLowerCase() !== 'no') return true;
  if (msg.header('x-autoreply') || msg.header('x-autorespond')) return true;
  const precedence = msg.header('precedence')?.trim().toLowerCase();
  if (precedence && /^(auto_reply|bulk|junk)$/.test(precedence)) return true;
  return AUTO_SUBJECT.test(msg.subject) || /\bout of (the )?office\b/i.test(msg.subject);
}
