import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres.js';

/**
 * The embedded server, started ahead of the code that uses it (src/node.ts). PostgreSQL's initdb and start-up
 * (about a second on a fresh folder) then run in their own processes while the service's code loads, instead of
 * after it. The server's log lines (start-up, warnings; never statement text) are held until the logger exists.
 */
export interface EarlyServer {
  server: Promise<EmbeddedPostgres>;
  /** Where the server's lines go from now on; the lines held so far go there first. */
  onLog(sink: (line: string) => void): void;
}

export function startEmbeddedEarly(dataDir: string): EarlyServer {
  const held: string[] = [];
  let sink = (line: string): void => {
    if (held.length < 50) held.push(line);
  };
  const server = startEmbeddedPostgres(`${dataDir}/postgres`, { onLog: (line) => sink(line) });
  // Awaited, and a failure reported, by the start that takes it over (openMigratedDb); this only keeps a failure
  // from counting as unhandled while the code is still loading.
  server.catch(() => undefined);
  return {
    server,
    onLog(next) {
      sink = next;
      for (const line of held.splice(0)) next(line);
    },
  };
}
