import type { Logger } from '@zhenxing/core';

/** Structured JSON lines before Fastify's own logger exists (same shape as pino's). */
export function bootstrapLogger(level: string): Logger {
  const silent = level === 'silent';
  const write = (levelName: string, object: object, message?: string) => {
    if (silent) return;
    process.stdout.write(`${JSON.stringify({ level: levelName, time: Date.now(), ...object, msg: message })}\n`);
  };
  return {
    info: (object, message) => write('info', object, message),
    warn: (object, message) => write('warn', object, message),
    error: (object, message) => write('error', object, message),
  };
}
