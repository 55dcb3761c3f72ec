import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger };

/** JSON lines on stdout (or a given stream); every module logs through children of this one. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'framewright', pid: process.pid },
    // Never log credentials that a request or an error might carry.
    redact: { paths: ['req.headers.authorization', 'headers.authorization', '*.apiKey'], censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}
