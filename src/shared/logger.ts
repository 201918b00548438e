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
