/** The fakes' mailboxes: the school and non-school addresses, and a deterministic generator (test/helpers/mail.ts builds each message). */
import { mailText, type MailSpec } from '../helpers/mail.js';

export const PARENT = 'parent@family.test';
export const SCHOOL_ADDRESSES = ['case.manager@othermail.test'];
export const SCHOOL_DOMAINS = ['district.k12.test'];

const schoolSenders = ['teacher@lincoln.district.k12.test', 'sped@district.k12.test', 'case.manager@othermail.test'];
const otherSenders = ['news@shop.test', 'friend@example.test', 'bank@bank.test', 'club@district-soccer.test'];

/**
 * `total` messages spread over the last `spanDays` days, of which `school` are school correspondence (from a
 * school sender, to one, or with a school cc). Deterministic for a given seed.
 */
export function generateMailbox(opts: { total: number; school: number; spanDays?: number; seed?: number; now?: number }): Array<{ raw: string; school: boolean; messageId: string; date: Date }> {
  let seed = opts.seed ?? 42;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const now = opts.now ?? Date.UTC(2026, 0, 15);
  const span = (opts.spanDays ?? 500) * 86_400_000;
  const schoolEvery = opts.total / Math.max(1, opts.school);
  const out: Array<{ raw: string; school: boolean; messageId: string; date: Date }> = [];
  let schoolCount = 0;
  for (let i = 0; i < opts.total; i++) {
    const isSchool = schoolCount < opts.school && Math.floor((i + 1) / schoolEvery) > schoolCount;
    if (isSchool) schoolCount++;
    const date = new Date(now - Math.floor(((opts.total - i) / opts.total) * span) - Math.floor(rnd() * 1000) * 1000);
    const messageId = `<m${i}.${opts.seed ?? 42}@gen.test>`;
    const variant = Math.floor(rnd() * 3);
    const school = schoolSenders[Math.floor(rnd() * schoolSenders.length)]!;
    const other = otherSenders[Math.floor(rnd() * otherSenders.length)]!;
    const m: MailSpec = isSchool
      ? variant === 0
        ? { from: `School Person <${school}>`, to: [PARENT], subject: `IEP meeting ${i}`, body: `Message ${i} about services.`, date, messageId }
        : variant === 1
          ? { from: `Parent <${PARENT}>`, to: [school], subject: `Re: evaluation ${i}`, body: `Reply ${i}.`, date, messageId }
          : { from: `Coach <${other}>`, to: [PARENT], cc: [school], subject: `Team note ${i}`, body: `Cc'd school ${i}.`, date, messageId }
      : { from: `Someone <${other}>`, to: [PARENT], subject: `Newsletter ${i}`, body: `Not school ${i}.`, date, messageId };
    out.push({ raw: mailText(m), school: isSchool, messageId, date });
  }
  return out;
}
