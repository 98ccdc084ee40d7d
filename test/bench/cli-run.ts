/**
 * What the CLI benches share: a command timed from spawn to exit (what a user waits for), optionally with the
 * peak memory of its process tree, and the bare mailparser parse every ratio is taken against.
 */
import { spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { peakSampler, type Peak } from './process-tree.js';

// The bare parse, as a naive importer would: split the mboxrd on "From " lines, simpleParser each message.
export const BARE_PARSE = `
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { simpleParser } from 'mailparser';
let lines = [], count = 0, prevBlank = true;
const parse = async () => { if (!lines.length) return; const raw = Buffer.from(lines.join('\\n'), 'utf8'); lines = []; await simpleParser(raw); count++; };
for await (const line of createInterface({ input: createReadStream(process.argv[1]), crlfDelay: Infinity })) {
  if (prevBlank && line.startsWith('From ')) { await parse(); prevBlank = false; continue; }
  lines.push(/^>+From /.test(line) ? line.slice(1) : line);
  prevBlank = line === '';
}
await parse();
console.log('parsed', count);
`;

export interface Run {
  ms: number;
  out: string;
  peak: Peak | null;
}

export interface RunOptions {
  env?: Record<string, string>;
  /** Sample the tree's memory every 100 ms. */
  sample?: boolean;
  cwd?: string;
  /** Write stdout to this file instead of keeping it (a large JSON document). */
  stdoutFile?: string;
}

/** `node argv…` from spawn to exit; rejects on a non-zero exit. */
export function runNode(argv: string[], opts: RunOptions = {}): Promise<Run> {
  const started = performance.now();
  const fd = opts.stdoutFile ? openSync(opts.stdoutFile, 'w') : null;
  const child = spawn(process.execPath, argv, { cwd: opts.cwd ?? process.cwd(), env: { ...process.env, ...opts.env }, stdio: ['ignore', fd ?? 'pipe', 'inherit'] });
  const sampler = opts.sample ? peakSampler(child.pid!, 100) : null;
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = performance.now() - started;
      const peak = sampler?.stop() ?? null;
      if (fd !== null) closeSync(fd);
      if (code !== 0) reject(new Error(`${argv.join(' ')} exited with ${code}: ${out}`));
      else resolve({ ms, out: out.trim(), peak });
    });
  });
}

export const bareParse = (mbox: string) => runNode(['--input-type=module', '-e', BARE_PARSE, mbox]);

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
