import { pino, type Logger } from 'pino';

export type { Logger };

/** Creates the root logger. Secrets are redacted wherever they might appear. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { app: 'icabinet' },
    redact: {
      paths: [
        'password',
        '*.password',
        'passwordHash',
        '*.passwordHash',
        'token',
        '*.token',
        'req.headers.cookie',
        'cookie',
      ],
      censor: '[redacted]',
    },
  });
}
