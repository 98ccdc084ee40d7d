/**
 * The folder tree is the architecture: imports only point down,
 * core ← config/security/log ← mail/db/llm ← services ← jobs/cli ← http ← compose (the composition root) ← the two entries.
 * This walks every relative import in src/ and fails on one that points up.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

const RANK: Record<string, number> = {
  core: 0,
  config: 1,
  security: 1,
  mail: 2,
  db: 2,
  llm: 2,
  services: 3,
  jobs: 4,
  cli: 4,
  log: 1,
  http: 5,
  compose: 6,
  'node.ts': 7,
  'worker.ts': 7,
};

function codeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return codeFiles(path);
    return /\.tsx?$/.test(e.name) ? [path] : [];
  });
}

const layerOf = (file: string): string => relative(SRC, file).split('/')[0]!;

export function upwardImports(): string[] {
  const found: string[] = [];
  for (const file of codeFiles(SRC)) {
    const from = layerOf(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const to = layerOf(resolve(dirname(file), m[1]!));
      if (to === from) continue;
      const rf = RANK[from];
      const rt = RANK[to];
      if (rf === undefined || rt === undefined || rt >= rf) found.push(`${relative(SRC, file)} → ${m[1]}`);
    }
  }
  return found;
}

describe('layering', () => {
  it('every import in src/ points down the layers', () => {
    expect(upwardImports()).toEqual([]);
  });

  it('knows a layer for every top-level folder in src/', () => {
    const top = readdirSync(SRC).filter((n) => n !== 'demo');
    expect(top.filter((n) => RANK[n] === undefined)).toEqual([]);
  });
});
