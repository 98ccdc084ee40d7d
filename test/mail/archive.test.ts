import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createArchiveProvider } from '../../src/mail/archive/archive-provider.js';
import { runMailProviderContract } from './provider.contract.js';

// The imported archive is read-only (no send, no drafts); new messages arrive as new .eml files that sort
// after the ones already read, as a later export would add them.
runMailProviderContract('archive (folder of .eml files)', async (mailbox) => {
  const dir = await mkdtemp(join(tmpdir(), 'ft-archive-contract-'));
  let n = 0;
  const put = (raw: string) => writeFile(join(dir, `${String(++n).padStart(4, '0')}.eml`), raw);
  for (const m of mailbox.messages) await put(m.raw);
  return {
    provider: await createArchiveProvider(dir),
    deliver: async (raw) => put(raw),
    close: () => rm(dir, { recursive: true, force: true }),
    capabilities: { incremental: true, send: false, drafts: false },
  };
});
