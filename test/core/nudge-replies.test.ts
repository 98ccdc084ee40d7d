/**
 * A parent's nudge ("just checking whether you saw my email below") asks again for what the earlier message
 * asked, so the school's reply to the nudge answers the earlier requests too. A later message that asks for
 * other things does not carry the earlier asks with it.
 */
import { describe, expect, it } from 'vitest';
import { analyze, type AnalyzeInput } from '../../src/core/analyze.js';
import { PARENT, SCHOOL, msg } from './clocks/helpers.js';

const run = (messages: AnalyzeInput['messages']) =>
  analyze({ messages, parents: [PARENT], school: SCHOOL, state: 'OR', timezone: 'America/Los_Angeles', now: '2026-03-01T09:00:00-08:00', childName: 'Leo', parentName: 'Maria Ortiz' });

const ask = msg({ from: 'parent', id: '<ask@family>', sentAt: '2026-01-05T08:00:00-08:00', subject: 'Seat', text: 'Hi Ms. Lee,\n\nHis plan gives him preferential seating near the board. Could you move him back to the front row?\n\nMaria' });
const answer = (inReplyTo: string) =>
  msg({ from: 'school', id: '<ans@school>', sentAt: '2026-01-09T10:00:00-08:00', subject: 'Re: Seat', inReplyTo, text: 'Hi Maria,\n\nSorry for the delay. He is back in the front row by the board as of today.\n\nJamie Lee' });

describe('a reply to a nudge answers what the nudge asks again for', () => {
  it.each([
    'Hi Ms. Lee, just checking whether you saw my email below about his seat. Thanks!',
    'Hello again, I am following up on my message from last week about the seating.',
    "Hi, any update on my request below? I haven't heard back.",
  ])('%s', (nudgeText) => {
    const nudge = msg({ from: 'parent', id: '<nudge@family>', sentAt: '2026-01-08T08:00:00-08:00', subject: 'Re: Seat', inReplyTo: '<ask@family>', text: nudgeText });
    const seat = run([ask, nudge, answer('<nudge@family>')]).requests.find((r) => r.messageId === '<ask@family>');
    expect([seat?.kind, seat?.status, seat?.answeredBy]).toEqual(['accommodations', 'answered', '<ans@school>']);
  });

  it('a later message asking for something else does not carry the earlier ask', () => {
    const other = msg({ from: 'parent', id: '<other@family>', sentAt: '2026-01-08T08:00:00-08:00', subject: 'Re: Seat', inReplyTo: '<ask@family>', text: 'Also, what time does the winter concert start on Friday?' });
    const reply = msg({ from: 'school', id: '<ans@school>', sentAt: '2026-01-09T10:00:00-08:00', subject: 'Re: Seat', inReplyTo: '<other@family>', text: 'Hi Maria, the concert starts at 6:30 p.m. in the gym.' });
    const seat = run([ask, other, reply]).requests.find((r) => r.messageId === '<ask@family>');
    expect(seat?.answeredBy).toBeNull();
  });
});
