/**
 * What the server's logs may not contain: SQL parameters (a failed query's error message carries
 * them — ID numbers, names, health notes), ID numbers anywhere, request query strings (tRPC GET
 * calls carry their input there, e.g. a search by ID number), cookies and CSRF tokens.
 * Every log line — Fastify's and the bootstrap logger's — goes through these.
 */

// 18-character resident ID numbers (and 15-digit old ones) anywhere in a text.
const ID_NUMBER = /(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])/g;
// drizzle's "Failed query: … params: a,b,c" — drop the parameter list up to the end of its line.
const QUERY_PARAMS = /(params:)[^\n]*/g;

export const REDACTED = '[redacted]';

export function redactText(text: string): string {
  return text.replace(QUERY_PARAMS, `$1 ${REDACTED}`).replace(ID_NUMBER, '[id-number]');
}

interface SerializedError {
  type: string;
  message: string;
  code?: string;
  stack?: string;
  cause?: SerializedError;
}

/** An error as a log field: type, database code, redacted message and stack, and its causes. */
export function serializeError(error: unknown, depth = 0): SerializedError {
  if (!(error instanceof Error)) return { type: typeof error, message: redactText(String(error)) };
  const code = (error as { code?: unknown }).code;
  const serialized: SerializedError = { type: error.name, message: redactText(error.message) };
  if (typeof code === 'string') serialized.code = code;
  if (error.stack) serialized.stack = redactText(error.stack);
  if (error.cause !== undefined && depth < 3) serialized.cause = serializeError(error.cause, depth + 1);
  return serialized;
}

interface RequestLike {
  method?: string;
  url?: string;
  hostname?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/** A request as a log field: the path without its query string (tRPC inputs travel there). */
export function serializeRequest(request: RequestLike): Record<string, unknown> {
  const url = request.url ?? '';
  const queryAt = url.indexOf('?');
  return {
    method: request.method,
    url: queryAt === -1 ? url : `${url.slice(0, queryAt)}?${REDACTED}`,
    host: request.hostname,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

/** Fastify/pino logger options with the redacting serializers. */
export function serverLoggerOptions(level: string, stream?: NodeJS.WritableStream): Record<string, unknown> {
  return {
    level,
    ...(stream ? { stream } : {}),
    serializers: { err: serializeError, error: serializeError, req: serializeRequest },
    redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]', 'headers.cookie'], censor: REDACTED },
  };
}
