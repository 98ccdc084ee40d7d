/**
 * No code file in src/ over 350 lines: a longer one mixes concepts and is split by them. Data tables (the rule
 * table, word lists) are exempt when they live as data under a rules/ or data/ folder.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');
export const MAX_LINES = 350;

function codeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'rules' || e.name === 'data' ? [] : codeFiles(path);
    return /\.(?:ts|tsx|js|mjs)$/.test(e.name) ? [path] : [];
  });
}

const lineCount = (text: string): number => text.replace(/\n$/, '').split('\n').length;

describe('file size', () => {
  it(`every code file in src/ has at most ${MAX_LINES} lines`, () => {
    const tooLong = codeFiles(SRC)
      .map((f) => ({ file: relative(SRC, f), lines: lineCount(readFileSync(f, 'utf8')) }))
      .filter((f) => f.lines > MAX_LINES)
      .map((f) => `${f.file}: ${f.lines} lines`);
    expect(tooLong).toEqual([]);
  });

  it('counts lines as an editor shows them (the final newline opens no line)', () => {
    const lines = (n: number) => Array.from({ length: n }, (_, i) => `const x${i} = ${i};`).join('\n') + '\n';
    expect(lineCount(lines(MAX_LINES))).toBe(MAX_LINES);
    expect(lineCount(lines(MAX_LINES + 1))).toBeGreaterThan(MAX_LINES);
  });
});
