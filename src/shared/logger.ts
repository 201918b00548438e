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
  // In "buffer" mode sonic-boom keeps the lines as a list and joins them once per write. In its default
  // mode it appends each line to one string and measures that string's byte length: every line then
  // copies the whole block written so far (up to 16 kB), about 8 kB of garbage per request line, which
  // kept the young generation churning and pushed the server into full garbage collections.
  const boom = pino.destination({ dest, sync: false, minLength: 4096, contentMode: 'buffer' });
  const timer = setInterval(() => {
    try {
      boom.flush();
    } catch {
      // Not open yet, or closed: the next tick or the exit handler writes it.
    }
  }, 250);
  timer.unref();
  return {
    write: (line: string) => {
      boom.write(Buffer.from(line) as unknown as string);
    },
  };
}

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
type Level = (typeof LEVELS)[number];

/**
 * A request's logger that becomes a real pino child only when something logs through it. Fastify gives
 * every request a child logger bound to its id; most requests never use it (the access line is written
 * apart), and making one costs as much as serialising its bindings. Used as Fastify's
 * `childLoggerFactory`; the level methods are on the prototype, so an unused one costs one small object.
 */
export class LazyChildLogger {
  private made: Logger | undefined;
  constructor(
    private readonly parent: Logger,
    private readonly bindings: pino.Bindings,
    private readonly options: pino.ChildLoggerOptions,
  ) {}
  get real(): Logger {
    this.made ??= this.parent.child(this.bindings, this.options);
    return this.made;
  }
  get level(): string {
    return this.made?.level ?? this.options.level ?? this.parent.level;
  }
  set level(level: string) {
    this.real.level = level;
  }
  isLevelEnabled(level: string): boolean {
    return this.real.isLevelEnabled(level);
  }
  child(bindings: pino.Bindings, options?: pino.ChildLoggerOptions): Logger {
    return this.real.child(bindings, options);
  }
  fatal(...args: unknown[]): void {
    this.write('fatal', args);
  }
  error(...args: unknown[]): void {
    this.write('error', args);
  }
  warn(...args: unknown[]): void {
    this.write('warn', args);
  }
  info(...args: unknown[]): void {
    this.write('info', args);
  }
  debug(...args: unknown[]): void {
    this.write('debug', args);
  }
  trace(...args: unknown[]): void {
    this.write('trace', args);
  }
  silent(): void {}
  private write(level: Exclude<Level, 'silent'>, args: unknown[]): void {
    const real = this.real;
    (real[level] as (...a: unknown[]) => void).apply(real, args);
  }
}
