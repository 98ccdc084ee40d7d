import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { splitSentences } from '../../../src/core/language/sentences.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures');

/** Every sentence of the own corpus's mail and of the real-world development set (never the held-out half). */
export function corpusSentences(): string[] {
  const texts: string[] = [];
  const corpus = join(FIXTURES, 'corpus');
  for (const box of readdirSync(corpus, { withFileTypes: true })) {
    if (!box.isDirectory()) continue;
    const mail = join(corpus, box.name, 'mail');
    for (const f of readdirSync(mail)) texts.push(readFileSync(join(mail, f), 'utf8'));
  }
  const dev = join(FIXTURES, 'real-world/dev');
  const strings = (v: unknown): string[] => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.flatMap(strings) : v && typeof v === 'object' ? Object.values(v).flatMap(strings) : []);
  for (const f of readdirSync(dev)) if (f.endsWith('.json')) texts.push(...strings(JSON.parse(readFileSync(join(dev, f), 'utf8'))));
  return [...new Set(texts.flatMap((t) => splitSentences(t).map((s) => s.text)))];
}
