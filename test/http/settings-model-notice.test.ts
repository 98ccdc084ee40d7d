/**
 * The settings page says plainly whether the sentence judge is on, which host gets the sentences, and that only
 * uncertain sentences go; the parent can opt out, and the choice survives a save on a server without a model.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '../../src/config/env.js';
import { accounts } from '../../src/db/schema.js';
import { readSettings } from '../../src/services/accounts/settings.js';
import { testApp } from '../helpers/app.js';
import { createTestDb } from '../helpers/db.js';
import { Client } from './client.js';

let handle: Awaited<ReturnType<typeof createTestDb>>;
beforeAll(async () => {
  handle = await createTestDb();
});
afterAll(async () => {
  await handle?.close();
});

const appWith = (env: Record<string, string>) => testApp({ db: handle.db, env: parseEnv(env) });
const signUp = async (app: ReturnType<typeof appWith>, email: string) => {
  const c = new Client(app);
  await c.page('/signup');
  expect((await c.post('/signup', { email, password: 'a long enough password', name: 'Pat' })).status).toBe(303);
  return c;
};
const notice = (html: string) => /<p id="model-notice">([\s\S]*?)<\/p>/.exec(html)?.[1]?.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ') ?? '';
const FORM = { digestDay: '0', digestHour: '18', courtesyDays: '5', courtesyUnit: 'business_days', draftDelivery: 'send', citeLaw: '1', timezone: 'America/New_York' };
const settingsOf = async (email: string) => readSettings((await handle.db.select().from(accounts).where(eq(accounts.email, email)))[0]!.settings);

describe('settings page: the AI model notice', () => {
  it('with a model: names the host, says only uncertain sentences go, and offers the opt-out', async () => {
    const app = appWith({ LLM_BASE_URL: 'http://localhost:11434/v1', LLM_MODEL: 'llama3.2' });
    const c = await signUp(app, 'notice-on@family.test');
    const { html } = await c.page('/settings');
    expect(notice(html)).toMatch(/AI model \(llama3\.2\) at localhost:11434/);
    expect(notice(html)).toMatch(/only that sentence and the paragraph around it are sent to localhost:11434, at most 200 a day/);
    expect(html).toMatch(/<input type="checkbox" name="llmSentenceJudge" value="1" checked=""/);

    expect((await c.post('/settings', FORM)).status).toBe(303); // the box left unticked
    expect((await settingsOf('notice-on@family.test')).llmSentenceJudge).toBe(false);
    expect(notice((await c.page('/settings')).html)).toMatch(/You have turned this off: nothing is sent\./);
  });

  it('without a model: says nothing is sent, and a save keeps an earlier opt-out', async () => {
    const app = appWith({});
    const c = await signUp(app, 'notice-off@family.test');
    await handle.db.update(accounts).set({ settings: { llmSentenceJudge: false } }).where(eq(accounts.email, 'notice-off@family.test'));
    const { html } = await c.page('/settings');
    expect(notice(html)).toMatch(/No AI model is set up on this server/);
    expect(html).not.toContain('name="llmSentenceJudge"');
    expect((await c.post('/settings', { ...FORM, llmSentenceJudge: '1' })).status).toBe(303);
    expect((await settingsOf('notice-off@family.test')).llmSentenceJudge).toBe(false);
  });
});
