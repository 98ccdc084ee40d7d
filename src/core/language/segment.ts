/**
 * The core's one sentence splitter. Layout (paragraphs, bullets, numbered items, greeting lines) is read
 * from the text's lines; sentence boundaries inside running text come from the NLP library
 * (abbreviations such as "Ms." and "p.m.", initials, decimals).
 */
import { librarySentences } from './nlp.js';

export interface Sentence {
  text: string;
  paragraph: number;
  index: number;
  /** The sentence is a bulleted or numbered list item. */
  bullet: boolean;
}

const BULLET = /^([-*•·●▪]|\d{1,2}[.)]|[a-z][.)])\s+/;
const GREETING_LINE = /^(dear|hi|hello|good (morning|afternoon|evening)|hey)\b.{0,60}[,:!]?$/i;

/** Sentences of a message's text, with their paragraph and whether each is a list item. */
export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  const paragraphs = text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n+/)
    .map((p) => p.trim())
    .filter(Boolean);
  paragraphs.forEach((para, paragraph) => {
    for (const block of blocksOf(para)) {
      for (const s of sentencesOf(block.text)) out.push({ text: s, paragraph, index: out.length, bullet: block.bullet });
    }
  });
  return out;
}

/** Sentences of one paragraph of running text (line breaks read as spaces). */
export function sentencesOf(paragraph: string): string[] {
  const flat = paragraph.replace(/\s+/g, ' ').trim();
  if (!flat) return [];
  return librarySentences(flat).filter((p) => /[\p{L}]/u.test(p));
}

// Bullets and numbered items are sentences of their own even without final punctuation.
function blocksOf(para: string): Array<{ text: string; bullet: boolean }> {
  const blocks: Array<{ text: string; bullet: boolean }> = [];
  let current = '';
  let currentBullet = false;
  const flush = () => {
    if (current) blocks.push({ text: current, bullet: currentBullet });
    current = '';
  };
  for (const line of para.split('\n')) {
    const trimmed = line.trim();
    if (BULLET.test(trimmed)) {
      flush();
      current = trimmed.replace(BULLET, '');
      currentBullet = true;
    } else if (GREETING_LINE.test(trimmed) && !current) {
      blocks.push({ text: trimmed, bullet: false });
    } else if (currentBullet && current && /[:.]$/.test(current)) {
      // A plain line after a finished list item starts new prose.
      flush();
      current = trimmed;
      currentBullet = false;
    } else {
      current = current ? `${current} ${trimmed}` : trimmed;
    }
  }
  flush();
  return blocks;
}
