/**
 * A process that dies right after the provider accepted a message: from that moment every database write throws
 * "process killed", so nothing records the outcome. The send (or save) path's recovery is tested against it.
 */
import type { Db } from '../../src/db/client.js';
import type { MailProvider } from '../../src/mail/provider.js';
import { defaultProvider, type MailDeps } from '../../src/services/mailbox/providers.js';

type Write = 'transaction' | 'update' | 'insert';

export function killedAfterProvider<D extends MailDeps & { db: Db }>(
  db: Db,
  deps: D,
  { after = 'send', refuse = ['transaction', 'update', 'insert'] }: { after?: 'send' | 'saveDraft'; refuse?: readonly Write[] } = {},
): D {
  let armed = false;
  const dying = new Proxy(db, {
    get(target, prop) {
      if (armed && (refuse as readonly (string | symbol)[]).includes(prop))
        return () => {
          throw new Error('process killed');
        };
      const v = Reflect.get(target, prop, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  }) as Db;
  return {
    ...deps,
    db: dying,
    providerFactory: async (conn: Parameters<typeof defaultProvider>[1], d: Parameters<typeof defaultProvider>[0]) => {
      const real = await defaultProvider({ ...d, db }, conn);
      const wrapped: MailProvider = {
        ...real,
        [after]: async (m: Parameters<MailProvider['send']>[0]) => {
          const r = await (real[after] as (x: typeof m) => Promise<unknown>)(m);
          armed = true;
          return r;
        },
      };
      return wrapped;
    },
  };
}
