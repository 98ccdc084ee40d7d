/**
 * The load side of bench:http, in its own process (forked by http.bench.ts): autocannon offering 100 requests/s
 * over 10 connections to one page. Apart from the server so its own parsing and bookkeeping do not run on the
 * server's event loop (in one process the load generator's CPU was part of every measured latency).
 * Sends back every response's latency in ms, the non-2xx count, the errors and its own CPU time (on 2 cores the
 * load generator competes with the server), then exits.
 *
 *   (forked) http-load.ts URL COOKIE SECONDS
 */
import autocannon from 'autocannon';

export interface LoadReport {
  latencies: number[];
  total: number;
  non2xx: number;
  errors: number;
  /** This process's CPU (user + system) while autocannon ran, in ms. */
  cpuMs: number;
}

const [url, cookie, seconds] = process.argv.slice(2);
const latencies: number[] = [];
const cpuBefore = process.cpuUsage();
const result = await new Promise<autocannon.Result>((resolve, reject) => {
  const instance = autocannon({ url: url!, connections: 10, overallRate: 100, duration: Number(seconds), headers: { cookie: cookie! } }, (err, res) =>
    err ? reject(err) : resolve(res),
  );
  instance.on('response', (_client, _status, _bytes, ms) => void latencies.push(ms));
});
const cpu = process.cpuUsage(cpuBefore);
const report: LoadReport = { latencies, total: result.requests.total, non2xx: result.non2xx, errors: result.errors + result.timeouts, cpuMs: (cpu.user + cpu.system) / 1000 };
process.send!(report, () => process.exit(0));
