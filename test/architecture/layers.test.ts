/**
 * The folder tree is the architecture: imports only point down,
 * core ← config/security/log ← mail/db/llm/documents ← services ← jobs/cli ← http ← compose (the composition root) ← the two entries.
 * This walks every relative import in src/ and fails on one that points up, and on files that import each
 * other in a loop, type-only imports included (a loop of values runs one of them half-initialised, whichever
 * is imported first; a loop of types still makes two files one concept read both ways).
 */
import { readdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cyclesOf, importEdges, type ImportEdge } from './import-graph.js';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

const RANK: Record<string, number> = {
  core: 0,
  config: 1,
  security: 1,
  mail: 2,
  db: 2,
  llm: 2,
  // Document readers (IEP PDF/Word, bounded and isolated): an adapter like mail.
  documents: 2,
  services: 3,
  jobs: 4,
  cli: 4,
  log: 1,
  http: 5,
  compose: 6,
  'node.ts': 7,
  'worker.ts': 7,
};

const layerOf = (path: string): string => path.split('/')[0]!;

/** Imports from one layer into a higher one (or into a folder with no layer), as "file → specifier". */
export function upwardImports(edges: ImportEdge[]): string[] {
  return edges
    .filter((e) => {
      const from = layerOf(e.from);
      const to = layerOf(e.to);
      if (to === from) return false;
      const rf = RANK[from];
      const rt = RANK[to];
      return rf === undefined || rt === undefined || rt >= rf;
    })
    .map((e) => `${e.from} → ${e.specifier}`);
}

const edges = importEdges(SRC);

describe('layering', () => {
  it('every import in src/ points down the layers', () => {
    expect(edges.length).toBeGreaterThan(500);
    expect(upwardImports(edges)).toEqual([]);
  });

  it('no two files in src/ import each other, directly or round a loop, type-only imports included', () => {
    // A type-only loop cannot run a module early, but it still ties two files into one concept that reads
    // both ways; the shared type belongs in a file below both (as db/handle.ts, core/analyze-types.ts).
    expect(cyclesOf(edges)).toEqual([]);
  });

  it('the checks see an upward import and a loop when there is one', () => {
    const edge = (from: string, to: string, typeOnly = false): ImportEdge => ({ from, to, specifier: to, typeOnly });
    expect(upwardImports([edge('core/a.ts', 'services/b.ts'), edge('services/b.ts', 'core/a.ts')])).toEqual(['core/a.ts → services/b.ts']);
    expect(upwardImports([edge('http/x.ts', 'nowhere/y.ts')])).toEqual(['http/x.ts → nowhere/y.ts']);
    const loop = [edge('db/a.ts', 'db/b.ts'), edge('db/b.ts', 'db/c.ts'), edge('db/c.ts', 'db/a.ts'), edge('db/c.ts', 'db/d.ts')];
    expect(cyclesOf(loop)).toEqual([['db/a.ts', 'db/b.ts', 'db/c.ts']]);
    expect(cyclesOf(loop.slice(0, 2))).toEqual([]);
    // A loop closed by a type-only import is still a loop.
    expect(cyclesOf([edge('db/a.ts', 'db/b.ts'), edge('db/b.ts', 'db/a.ts', true)])).toEqual([['db/a.ts', 'db/b.ts']]);
  });

  it('knows a layer for every top-level folder in src/', () => {
    const top = readdirSync(SRC).filter((n) => n !== 'demo');
    expect(top.filter((n) => RANK[n] === undefined)).toEqual([]);
  });
});
