/**
 * The realistic mailbox for the analyze A/B (`analyze-ab.bench.ts --corpus`): issue 10's speed budget is about
 * real mail, and the generated word salad has neither real threads nor real replies. This one is made of the
 * own corpus mailboxes (test/fixtures/corpus/) and the real-world dev cases (materialized by
 * test/fixtures/real-world/build.ts; never the holdout), repeated until `total` messages.
 *
 * Each repetition is a copy with its own Message-IDs (and the ids it cites, so its threads stay its own) and its
 * own provider thread ids, dated so that copy 0 of a mailbox sits at that mailbox's own "now" relative to the
 * bench's `now` and each later copy 91 days earlier: the subject fallback of threading (a 60-day window) never
 * joins two copies. The parents and school domains of every mailbox are written beside the mbox
 * (`<file>.json`), for the A/B's child to pass to `analyze`.
 */
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { materialize } from '../fixtures/real-world/build.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const COPY_SPACING_MS = 91 * 86_400_000;

export interface AnalyzeParties {
  parents: string[];
  school: string[];
}

interface Mailbox {
  parents: string[];
  school: string[];
  nowMs: number;
  messages: string[];
}

/** Reads a labelled-corpus mailbox folder (case.json and mail/*.eml, test/fixtures/corpus/README.md). */
function readMailbox(dir: string): Mailbox {
  const c = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as { parent: string[]; school: string[]; now: string };
  const files = readdirSync(join(dir, 'mail')).filter((f) => f.endsWith('.eml')).sort();
  return {
    parents: c.parent.map((p) => p.toLowerCase()),
    school: c.school.map((s) => s.toLowerCase()),
    nowMs: Date.parse(c.now),
    messages: files.map((f) => readFileSync(join(dir, 'mail', f), 'utf8').replace(/\r\n/g, '\n')),
  };
}

function mailboxDirs(root: string): string[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => join(root, d.name))
    .filter((d) => {
      try {
        readFileSync(join(d, 'case.json'));
        return true;
      } catch {
        return false;
      }
    })
    .sort();
}

/** The header block of one message, rewritten for copy `k`: ids made its own, its Date shifted by `shiftMs`. */
function copyHeaders(header: string, k: number, shiftMs: number): string {
  // Unfold first: References often spans several lines.
  const lines = header.replace(/\n[ \t]+/g, ' ').split('\n');
  return lines
    .map((line) => {
      const name = line.slice(0, line.indexOf(':')).toLowerCase();
      if (name === 'message-id' || name === 'in-reply-to' || name === 'references') {
        return line.replace(/<([^<>@\s]+)@/g, (_, local: string) => `<${local}.r${k}@`);
      }
      if (name === 'x-gm-thrid') return `${line}.r${k}`;
      if (name === 'date') {
        const ms = Date.parse(line.slice(line.indexOf(':') + 1).trim());
        return Number.isNaN(ms) ? line : `Date: ${new Date(ms + shiftMs).toUTCString().replace('GMT', '+0000')}`;
      }
      return line;
    })
    .join('\n');
}

const asctime = (ms: number) => {
  const d = new Date(ms).toUTCString(); // "Mon, 02 Mar 2026 17:00:08 GMT"
  const [, day, date, mon, year, time] = /^(\w+), (\d+) (\w+) (\d+) ([\d:]+)/.exec(d)!;
  return `${day} ${mon} ${date!.padStart(2, ' ')} ${time} ${year}`;
};

/**
 * Writes `total` messages to `path` as an mboxrd file and `<path>.json` with the parties; returns the parties.
 * `nowIso` is the `now` the A/B analyzes at.
 */
export async function writeRealisticMbox(path: string, total: number, nowIso: string): Promise<AnalyzeParties> {
  const devDir = mkdtempSync(join(tmpdir(), 'ft-realistic-dev-'));
  try {
    await materialize('dev', devDir);
    const mailboxes = [...mailboxDirs(join(ROOT, 'test/fixtures/corpus')), ...mailboxDirs(devDir)].map(readMailbox);
    const benchNow = Date.parse(nowIso);
    const fd = openSync(path, 'w');
    let written = 0;
    try {
      for (let k = 0; written < total; k++) {
        for (const box of mailboxes) {
          const shiftMs = benchNow - box.nowMs - k * COPY_SPACING_MS;
          for (const raw of box.messages) {
            if (written >= total) break;
            const cut = raw.indexOf('\n\n');
            const head = copyHeaders(cut === -1 ? raw : raw.slice(0, cut), k, shiftMs);
            const message = cut === -1 ? head : `${head}${raw.slice(cut)}`;
            const from = /^from:.*?<?([^\s<>]+@[^\s<>]+)>?\s*$/im.exec(head)?.[1] ?? 'unknown@example.com';
            const dateMs = Date.parse(/^date: (.*)$/im.exec(head)?.[1] ?? '') || benchNow;
            // mboxrd: every line that starts with ">*From " gets one more ">".
            writeSync(fd, `From ${from} ${asctime(dateMs)}\n${message.replace(/^(>*From )/gm, '>$1').replace(/\n*$/, '')}\n\n`);
            written++;
          }
        }
      }
    } finally {
      closeSync(fd);
    }
    const parties: AnalyzeParties = {
      parents: [...new Set(mailboxes.flatMap((b) => b.parents))].sort(),
      school: [...new Set(mailboxes.flatMap((b) => b.school))].sort(),
    };
    writeFileSync(`${path}.json`, `${JSON.stringify(parties, null, 2)}\n`);
    return parties;
  } finally {
    rmSync(devDir, { recursive: true, force: true });
  }
}
