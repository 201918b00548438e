import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Paths that may hold message texts or personal data. Log lines never carry them: they are
 * removed before serialisation, whatever code tries to log them.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-telegram-bot-api-secret-token"]',
  'req.headers["x-hub-signature-256"]',
  'res.headers["set-cookie"]',
  'text',
  'body',
  'payload',
  'phone',
  'email',
  'name',
  'password',
  'token',
  '*.text',
  '*.body',
  '*.payload',
  '*.phone',
  '*.email',
  '*.password',
  '*.token',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'tyndau' },
      redact: { paths: REDACT_PATHS, remove: true },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

/**
 * Where a server process logs: standard output (or `dest`), written asynchronously in blocks of a few
 * kilobytes, so a busy server writes many lines per system call instead of blocking its event loop on
 * every line. A quarter of a second after the last write at most, what is buffered is written out, so
 * a quiet server's lines still show at once; the rest is written when the process exits (not after
 * kill -9).
 */
export function serverLogDestination(dest: number | string = 1): pino.DestinationStream {
  const stream = pino.destination({ dest, sync: false, minLength: 4096 });
  const timer = setInterval(() => {
    try {
      stream.flush();
    } catch {
      // Not open yet, or closed: the next tick or the exit handler writes it.
    }
  }, 250);
  timer.unref();
  return stream;
}
