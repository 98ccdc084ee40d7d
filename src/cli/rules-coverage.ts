/** Prints the rule table's coverage (jurisdictions × tracked rules) as Markdown: `npx tsx src/cli/rules-coverage.ts`. */
import { coverageMarkdown } from '../core/deadlines/coverage.js';

process.stdout.write(`${coverageMarkdown()}\n`);
