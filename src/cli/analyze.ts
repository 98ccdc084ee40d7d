import { runAnalyze } from './analyze-command.js';
import { fail } from './fail.js';

runAnalyze(process.argv.slice(2)).then(
  (json) => process.stdout.write(json),
  (err: unknown) => fail(err instanceof Error ? err.message : String(err)),
);
