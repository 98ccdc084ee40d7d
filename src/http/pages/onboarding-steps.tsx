/** The set-up steps shown on every onboarding page, and the child row they are for. */
import type { FC } from 'hono/jsx';
import type { children } from '../../db/schema.js';

export type ChildRow = typeof children.$inferSelect;

export const Steps: FC<{ childId?: string; current: string }> = ({ childId, current }) => {
  const steps = [
    ['child', 'Child'],
    ['contacts', 'School contacts'],
    ['calendar', 'Calendar'],
    ['iep', 'IEP / 504'],
    ['mailbox', 'Mailbox'],
  ] as const;
  return (
    <ol class="steps" aria-label="Set-up steps">
      {steps.map(([k, label], i) => (
        <li class={k === current ? 'current' : ''} aria-current={k === current ? 'step' : undefined}>
          {childId && k !== current ? <a href={`/children/${childId}/setup/${k}`}>{`${i + 1}. ${label}`}</a> : `${i + 1}. ${label}`}
        </li>
      ))}
    </ol>
  );
};
