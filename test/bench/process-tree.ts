/**
 * Memory of a process and all its descendants, from /proc (Linux): the embedded PostgreSQL runs as child
 * processes, so the service's footprint is the tree's. RSS counts shared pages (PostgreSQL's shared buffers)
 * once per process; PSS splits them between the processes that share them, so the PSS sum is what the tree
 * really holds.
 */
import { readFileSync, readdirSync } from 'node:fs';

function children(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

export function processTree(root: number): number[] {
  const all = [root];
  for (let i = 0; i < all.length; i++) all.push(...children(all[i]!));
  return all;
}

function kb(file: string, field: string): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(file, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** MB of RSS and PSS summed over the tree under `root`, and the root process's own share (`rootRssMb`, `rootPssMb`). */
export function treeMemory(root: number): { rssMb: number; pssMb: number; rootRssMb: number; rootPssMb: number; processes: number } {
  const pids = processTree(root);
  let rss = 0;
  let pss = 0;
  let rootRss = 0;
  let rootPss = 0;
  for (const pid of pids) {
    const r = kb(`/proc/${pid}/status`, 'VmRSS');
    const p = kb(`/proc/${pid}/smaps_rollup`, 'Pss');
    rss += r;
    pss += p;
    if (pid === root) [rootRss, rootPss] = [r, p];
  }
  const mb = (k: number) => Math.round(k / 1024);
  return { rssMb: mb(rss), pssMb: mb(pss), rootRssMb: mb(rootRss), rootPssMb: mb(rootPss), processes: pids.length };
}

export interface Peak {
  rssMb: number;
  pssMb: number;
  /** The root process's RSS in the sample where the tree's RSS peaked (the rest is its children's). */
  rootRssMb: number;
  processes: number;
}

/** Samples the tree every `everyMs` and keeps the peak, until stop() is called. */
export function peakSampler(root: number, everyMs = 100): { stop(): Peak } {
  let peak: Peak = { rssMb: 0, pssMb: 0, rootRssMb: 0, processes: 0 };
  const sample = () => {
    const m = treeMemory(root);
    if (m.rssMb > peak.rssMb) peak = { ...peak, rssMb: m.rssMb, rootRssMb: m.rootRssMb, processes: m.processes };
    peak.pssMb = Math.max(peak.pssMb, m.pssMb);
  };
  const timer = setInterval(sample, everyMs);
  sample();
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}
