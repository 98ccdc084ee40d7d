import * as z from 'zod';

/** The parent's settings (accounts.settings), validated where they are read. */
export const settingsSchema = z.object({
  digestDay: z.number().int().min(0).max(6).default(0), // 0 = Sunday
  digestHour: z.number().int().min(0).max(23).default(18),
  courtesyDays: z.number().int().min(1).max(30).default(5),
  courtesyUnit: z.enum(['business_days', 'calendar_days']).default('business_days'),
  citeLaw: z.boolean().default(true),
  llmDrafting: z.boolean().default(false),
  /** Opt-out: when the deployment configured a model, it may check the sentences our rules are unsure about. */
  llmSentenceJudge: z.boolean().default(true),
  draftDelivery: z.enum(['send', 'draft']).default('send'),
  /** The district's special-education director, copied on the third step of a follow-up ladder. */
  directorEmail: z.string().trim().toLowerCase().email().max(254).nullable().default(null),
  directorName: z.string().trim().max(120).nullable().default(null),
  /** Business days a ladder step waits, once sent, before the next step is written. */
  ladderWaitDays: z.number().int().min(1).max(30).default(5),
});
export type AccountSettings = z.infer<typeof settingsSchema>;

export function readSettings(raw: unknown): AccountSettings {
  const parsed = settingsSchema.safeParse(raw ?? {});
  return parsed.success ? parsed.data : settingsSchema.parse({});
}
