import type { Logger } from '@zhenxing/core';
import { redactText, serializeError } from './log-redaction.ts';

/** Every string and error of a log line goes through the same redaction as Fastify's logger. */
function redactValue(_key: string, value: unknown): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value instanceof Error) return serializeError(value);
  return value;
}

/**
 * Structured JSON lines before Fastify's own logger exists (same shape as pino's); also the host's
 * logger (jobs, events, plugins). `out` is stdout unless a spec collects the lines.
 */
export function bootstrapLogger(level: string, out: { write(line: string): unknown } = process.stdout): Logger {
  const silent = level === 'silent';
  const write = (levelName: string, object: object, message?: string) => {
    if (silent) return;
    out.write(`${JSON.stringify({ level: levelName, time: Date.now(), ...object, msg: message }, redactValue)}\n`);
  };
  return {
    info: (object, message) => write('info', object, message),
    warn: (object, message) => write('warn', object, message),
    error: (object, message) => write('error', object, message),
  };
}
