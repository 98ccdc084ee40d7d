import { ConfigError, parseEnv } from './config/env.js';
import { startEmbeddedEarly, type EarlyServer } from './db/embedded-early.js';

let early: EarlyServer | undefined;
// The embedded database starts before the rest of the code is loaded (the dynamic import), so that the two overlap.
async function main(): Promise<void> {
  const env = parseEnv(process.env);
  if (!env.DATABASE_URL) early = startEmbeddedEarly(env.DATA_DIR);
  const { startNode } = await import('./compose/node.js');
  await startNode(process.env, early);
}

main().catch(async (err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : `Start-up failed: ${err instanceof Error ? err.message : String(err)}`);
  await early?.server.then((s) => s.stop(), () => undefined);
  process.exit(1);
});
