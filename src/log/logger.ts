/**
 * What sysray says about itself (ready, reloads, the stop line, warnings),
 * one line each, on stderr. `--log-format text` (the default) writes
 * `sysray: MSG` exactly as sysray always has: tests and users parse those
 * lines. `--log-format json` writes one pino object a line, the message in
 * `msg` and its numbers as fields. Usage errors are not logs: they stay one
 * plain line (src/cli/main.ts).
 */
import { UsageError } from '../cli/usage-error.js';

export const LOG_FORMATS = ['text', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Values a log line carries besides its message (bigints are written as numbers). */
export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

export interface LoggerOptions {
  format: LogFormat;
  level: LogLevel;
  /** Where lines go (default: stderr, written synchronously so that they keep their order and reach it before exit). */
  write?: (line: string) => void;
}

export function parseLogFormat(value: string): LogFormat {
  if ((LOG_FORMATS as readonly string[]).includes(value)) return value as LogFormat;
  throw new UsageError(`--log-format ${value}: expected one of ${LOG_FORMATS.join(', ')}`);
}

export function parseLogLevel(value: string): LogLevel {
  if ((LOG_LEVELS as readonly string[]).includes(value)) return value as LogLevel;
  throw new UsageError(`--log-level ${value}: expected one of ${LOG_LEVELS.join(', ')}`);
}

const writeStderr = (line: string): void => {
  process.stderr.write(line);
};

/** pino is loaded only for JSON logs: text logs cost nothing at start. */
export async function createLogger(options: LoggerOptions): Promise<Logger> {
  return options.format === 'json' ? createJsonLogger(options) : createTextLogger(options);
}

/** `sysray: MSG`, fields not shown (the message already says them, as it always has). */
export function createTextLogger(options: Omit<LoggerOptions, 'format'>): Logger {
  const write = options.write ?? writeStderr;
  const min = LOG_LEVELS.indexOf(options.level);
  const at = (level: LogLevel) => (LOG_LEVELS.indexOf(level) < min ? () => undefined : (msg: string) => write(`sysray: ${msg}\n`));
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

async function createJsonLogger(options: LoggerOptions): Promise<Logger> {
  const { pino } = await import('pino');
  const destination = options.write ? { write: options.write } : pino.destination({ fd: 2, sync: true });
  const log = pino(
    {
      name: 'sysray',
      level: options.level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      // the level's name, not pino's number: what log collectors match on
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
  const at = (level: LogLevel) => (msg: string, fields?: LogFields) => {
    if (fields) log[level](jsonSafe(fields), msg);
    else log[level](msg);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Counters are bigints in places: as JSON numbers (exact up to 2^53, which counts of events stay below). */
function jsonSafe(fields: LogFields): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) out[k] = typeof v === 'bigint' ? Number(v) : v;
  return out;
}
