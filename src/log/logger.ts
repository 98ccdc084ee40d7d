/**
 * The one logger: JSON lines with a level, a message and metadata fields (ids, kinds, counts). Never message
 * bodies, passwords or links with secrets: children's disability data is sensitive. `LOG_LEVEL` sets the
 * threshold; the sink is the console unless a test captures the entries.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;
export type LogEntry = { level: LogLevel; msg: string } & LogFields;
export type LogSink = (entry: LogEntry) => void;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds `fields` (e.g. a request id) to every line. */
  child(fields: LogFields): Logger;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export const consoleSink: LogSink = (entry) => {
  const line = JSON.stringify(entry);
  if (entry.level === 'error' || entry.level === 'warn') console.error(line);
  else console.log(line);
};

export interface LoggerOptions {
  level?: LogLevel;
  sink?: LogSink;
  fields?: LogFields;
  /** Fields of the unit of work under way, read at each line (the request id of the current request). */
  context?: () => LogFields | undefined;
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const threshold = ORDER[opts.level ?? 'info'];
  const sink = opts.sink ?? consoleSink;
  const base = opts.fields ?? {};
  const at =
    (level: LogLevel) =>
    (msg: string, fields: LogFields = {}) => {
      if (ORDER[level] < threshold) return;
      sink({ ...base, ...opts.context?.(), ...fields, level, msg });
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (fields) => createLogger({ ...opts, sink, fields: { ...base, ...fields } }),
  };
}

/** Discards everything (tools and tests that do not look at logs). */
export const silentLogger: Logger = createLogger({ sink: () => {} });

/** For adapters built without a logger (scripts, benches): info and up to the console. */
export const defaultLogger: Logger = createLogger();
