import { ConfigError } from './config/env.js';
import { startNode } from './compose/node.js';

startNode(process.env).catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : `Start-up failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
