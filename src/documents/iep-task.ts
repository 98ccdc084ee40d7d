/** Worker-thread entry: reads one IEP document (see read-iep.ts) and posts the result or the error. */
import { parentPort, workerData } from 'node:worker_threads';
import type { IsolateReply } from './isolate.js';
import { readIepDocument, type IepDocument } from './iep-text.js';

const { bytes, filename } = workerData as { bytes: Uint8Array; filename: string };
let reply: IsolateReply<IepDocument>;
try {
  reply = { ok: true, value: await readIepDocument(new Uint8Array(bytes), filename) };
} catch (err) {
  const e = err as Error;
  reply = { ok: false, name: e?.name ?? 'Error', message: e?.message ?? String(err) };
}
parentPort!.postMessage(reply);
