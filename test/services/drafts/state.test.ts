/**
 * The draft transition table, cell by cell: every status × every action is written out in the expectation
 * below, so a change to the table is a change to this test too.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/core/errors.js';
import { decide, DRAFT_ACTIONS, DRAFT_STATUSES, fromStatuses, TRANSITIONS, type DraftAction, type DraftStatus } from '../../../src/services/drafts/state.js';

// "→x": moves to x; "=": already done, nothing happens again; "✗": refused.
const EXPECTED: Record<DraftStatus, Record<DraftAction, string>> = {
  pending: { edit: '→pending', snooze: '→snoozed', dismiss: '→dismissed', approve: '→approved', send: '✗', confirm_sent: '✗', resend: '✗', sent_by_parent: '✗' },
  snoozed: { edit: '→snoozed', snooze: '→snoozed', dismiss: '→dismissed', approve: '→approved', send: '✗', confirm_sent: '✗', resend: '✗', sent_by_parent: '✗' },
  approved: { edit: '→pending', snooze: '✗', dismiss: '✗', approve: '→approved', send: '→sending', confirm_sent: '✗', resend: '✗', sent_by_parent: '→sent' },
  sending: { edit: '✗', snooze: '✗', dismiss: '✗', approve: '=', send: '=', confirm_sent: '✗', resend: '✗', sent_by_parent: '✗' },
  unconfirmed: { edit: '✗', snooze: '✗', dismiss: '✗', approve: '✗', send: '✗', confirm_sent: '→sent', resend: '→approved', sent_by_parent: '✗' },
  sent: { edit: '✗', snooze: '✗', dismiss: '✗', approve: '=', send: '=', confirm_sent: '=', resend: '✗', sent_by_parent: '=' },
  saved: { edit: '✗', snooze: '✗', dismiss: '✗', approve: '=', send: '=', confirm_sent: '✗', resend: '✗', sent_by_parent: '✗' },
  dismissed: { edit: '✗', snooze: '✗', dismiss: '=', approve: '✗', send: '✗', confirm_sent: '✗', resend: '✗', sent_by_parent: '✗' },
};

function outcome(status: DraftStatus, action: DraftAction): string {
  try {
    const d = decide(status, action);
    return d.kind === 'move' ? `→${d.to}` : '=';
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('invalid_transition');
    expect((e as AppError).message.length).toBeGreaterThan(20);
    return '✗';
  }
}

describe('draft transition table', () => {
  it('covers every status the drafts table can hold and no other', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...DRAFT_STATUSES].sort());
    for (const s of DRAFT_STATUSES) expect(Object.keys(TRANSITIONS[s]).sort()).toEqual([...DRAFT_ACTIONS].sort());
  });

  for (const status of DRAFT_STATUSES)
    for (const action of DRAFT_ACTIONS)
      it(`${action} on a ${status} draft: ${EXPECTED[status][action]}`, () => {
        expect(outcome(status, action)).toBe(EXPECTED[status][action]);
      });

  it('a repeated approve or send after the first went through is a no-op with a message, never an error', () => {
    for (const s of ['sending', 'sent', 'saved'] as const)
      for (const a of ['approve', 'send'] as const) {
        const d = decide(s, a);
        expect(d.kind).toBe('already');
        if (d.kind === 'already') expect(d.message).toMatch(/Nothing else was sent/);
      }
  });

  it('nothing leaves sent, saved or dismissed for a live status', () => {
    const live: DraftStatus[] = ['pending', 'snoozed', 'approved', 'sending'];
    for (const s of ['sent', 'saved', 'dismissed'] as const)
      for (const a of DRAFT_ACTIONS) {
        const cell = TRANSITIONS[s][a];
        if ('to' in cell) expect(live).not.toContain(cell.to);
      }
  });

  it('gives each action the statuses its UPDATE may start from', () => {
    expect(fromStatuses('approve')).toEqual(['pending', 'snoozed', 'approved']);
    expect(fromStatuses('edit')).toEqual(['pending', 'snoozed', 'approved']);
    expect(fromStatuses('snooze')).toEqual(['pending', 'snoozed']);
    expect(fromStatuses('dismiss')).toEqual(['pending', 'snoozed']);
    expect(fromStatuses('send')).toEqual(['approved']);
    expect(fromStatuses('sent_by_parent')).toEqual(['approved']);
    expect(fromStatuses('confirm_sent', 'sent')).toEqual(['unconfirmed']);
  });
});
