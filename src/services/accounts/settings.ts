import { z } from 'zod';

/** The parent's settings (accounts.settings), validated where they are read. */
export const settingsSchema = z.object({
  digestDay: z.number().int().min(0).max(6).default(0), // 0 = Sunday
  digestHour: z.number().int().min(0).max(23).default(18),
  courtesyDays: z.number().int().min(1).max(30).default(5),
  courtesyUnit: z.enum(['business_days', 'calendar_days']).default('business_days'),
  citeLaw: z.boolean().default(true),
  llmDrafting: z.boolean().default(false),
  draftDelivery: z.enum(['send', 'draft']).default('send'),
});
export type AccountSettings = z.infer<typeof settingsSchema>;

export function readSettings(raw: unknown): AccountSettings {
  const parsed = settingsSchema.safeParse(raw ?? {});
  return parsed.success ? parsed.data : settingsSchema.parse({});
}
