import { describe, expect, it } from 'vitest';
import { createLogger, type LogEntry } from '../../src/log/logger.js';

describe('Logger', () => {
  it('honours the level: below it nothing is written', () => {
    const lines: LogEntry[] = [];
    const log = createLogger({ level: 'warn', sink: (e) => lines.push(e) });
    log.debug('d');
    log.info('i');
    log.warn('w', { n: 1 });
    log.error('e');
    expect(lines).toEqual([
      { level: 'warn', msg: 'w', n: 1 },
      { level: 'error', msg: 'e' },
    ]);
  });

  it('adds base, child and context fields; the level and message cannot be overwritten by fields', () => {
    const lines: LogEntry[] = [];
    let ctx: Record<string, unknown> | undefined = { requestId: 'r1' };
    const log = createLogger({ level: 'debug', sink: (e) => lines.push(e), fields: { runtime: 'node' }, context: () => ctx }).child({ job: 'sync' });
    log.debug('one', { level: 'error', msg: 'other' });
    ctx = undefined;
    log.info('two');
    expect(lines).toEqual([
      { runtime: 'node', requestId: 'r1', job: 'sync', level: 'debug', msg: 'one' },
      { runtime: 'node', job: 'sync', level: 'info', msg: 'two' },
    ]);
  });
});
