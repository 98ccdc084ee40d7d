/**
 * Scores splitNewText on the external new-text fixtures the way ../shared/tools/score-newtext.py scores
 * `analyze`: each fixture's message.eml is parsed with mailparser's simpleParser, splitNewText(parsed.text)
 * is compared with expected.txt after collapsing whitespace.
 *
 *   npx tsx test/tools/newtext-harness.ts [FIXTURES_DIR] [--verbose] [--show FIXTURE]
 *
 * --show FIXTURE prints that fixture's parsed text and the newText / signature / quoted parts.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleParser } from 'mailparser';
import { splitNewText } from '../../src/core/new-text.js';

export const DEFAULT_FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/external/newtext');

export interface FixtureResult {
  name: string;
  exact: boolean;
  ratio: number;
  want: string;
  have: string;
}

export const norm = (s: string): string => s.replace(/\s+/gu, ' ').trim();

/** Python's difflib.SequenceMatcher(None, a, b).ratio(), ported (autojunk on, as in the scorer). */
export function similarity(a: string, b: string): number {
  const la = a.length;
  const lb = b.length;
  if (la + lb === 0) return 1;
  const b2j = new Map<string, number[]>();
  for (let j = 0; j < lb; j++) {
    const c = b[j] ?? '';
    const list = b2j.get(c);
    if (list) list.push(j);
    else b2j.set(c, [j]);
  }
  if (lb >= 200) {
    const ntest = Math.floor(lb / 100) + 1;
    for (const [c, idx] of [...b2j]) if (idx.length > ntest) b2j.delete(c);
  }
  const longest = (alo: number, ahi: number, blo: number, bhi: number): [number, number, number] => {
    let besti = alo;
    let bestj = blo;
    let bestsize = 0;
    let j2len = new Map<number, number>();
    for (let i = alo; i < ahi; i++) {
      const next = new Map<number, number>();
      for (const j of b2j.get(a[i] ?? '') ?? []) {
        if (j < blo) continue;
        if (j >= bhi) break;
        const k = (j2len.get(j - 1) ?? 0) + 1;
        next.set(j, k);
        if (k > bestsize) {
          besti = i - k + 1;
          bestj = j - k + 1;
          bestsize = k;
        }
      }
      j2len = next;
    }
    while (besti > alo && bestj > blo && a[besti - 1] === b[bestj - 1]) {
      besti--;
      bestj--;
      bestsize++;
    }
    while (besti + bestsize < ahi && bestj + bestsize < bhi && a[besti + bestsize] === b[bestj + bestsize]) bestsize++;
    return [besti, bestj, bestsize];
  };
  let matched = 0;
  const queue: Array<[number, number, number, number]> = [[0, la, 0, lb]];
  while (queue.length > 0) {
    const [alo, ahi, blo, bhi] = queue.pop() as [number, number, number, number];
    const [i, j, k] = longest(alo, ahi, blo, bhi);
    if (k === 0) continue;
    matched += k;
    if (alo < i && blo < j) queue.push([alo, i, blo, j]);
    if (i + k < ahi && j + k < bhi) queue.push([i + k, ahi, j + k, bhi]);
  }
  return (2 * matched) / (la + lb);
}

export async function runFixtures(root = DEFAULT_FIXTURES): Promise<FixtureResult[]> {
  const out: FixtureResult[] = [];
  for (const name of readdirSync(root).sort()) {
    const dir = join(root, name);
    if (!existsSync(join(dir, 'message.eml'))) continue;
    const parsed = await simpleParser(readFileSync(join(dir, 'message.eml')));
    const have = norm(splitNewText(parsed.text ?? '').newText);
    const want = norm(readFileSync(join(dir, 'expected.txt'), 'utf8'));
    const exact = have === want;
    out.push({ name, exact, ratio: exact ? 1 : similarity(have, want), want, have });
  }
  return out;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const verbose = args.includes('--verbose');
  const showAt = args.indexOf('--show');
  const show = showAt >= 0 ? args[showAt + 1] : undefined;
  const root = args.find((a, i) => !a.startsWith('--') && i !== showAt + 1) ?? DEFAULT_FIXTURES;
  if (show !== undefined) {
    const parsed = await simpleParser(readFileSync(join(root, show, 'message.eml')));
    const parts = splitNewText(parsed.text ?? '');
    console.log(`--- text\n${parsed.text ?? ''}\n--- newText\n${parts.newText}\n--- signature\n${parts.signature}`);
    console.log(`--- quoted\n${parts.quoted}\n--- expected\n${readFileSync(join(root, show, 'expected.txt'), 'utf8')}`);
    return;
  }
  const results = await runFixtures(root);
  if (results.length === 0) {
    console.log('no fixtures');
    process.exit(1);
  }
  const exact = results.filter((r) => r.exact).length;
  const close = results.filter((r) => r.ratio >= 0.9).length;
  if (verbose) {
    for (const r of results.filter((x) => !x.exact)) {
      console.log(`${r.name}: ratio ${r.ratio.toFixed(2)}\n  want: ${r.want.slice(0, 300)}\n  have: ${r.have.slice(0, 300)}`);
    }
  }
  const n = results.length;
  console.log(`newtext exact=${(exact / n).toFixed(3)} close(>=0.9)=${(close / n).toFixed(3)} n=${n}${exact / n >= 0.95 ? '' : ' short'}`);
  process.exit(exact / n >= 0.95 ? 0 : 1);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
