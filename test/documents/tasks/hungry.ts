// A task that never stops allocating, like a parser inflating a bomb.
import { parentPort, workerData } from 'node:worker_threads';
const keep: string[][] = [];
if (workerData.mode === 'memory') for (;;) keep.push(new Array(1e6).fill('x'.repeat(16)));
if (workerData.mode === 'spin') for (;;);
parentPort!.postMessage({ ok: true, value: workerData.n * 2 });
