// The splitter lives in the language pipeline; this module keeps the old import path working.
export { splitSentences, type Sentence } from '../language/segment.js';
