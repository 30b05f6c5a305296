import type { FastifyInstance, FastifyReply } from 'fastify';

/** The most calls one batched tRPC request may carry (the admin app batches at most this many). */
export const MAX_BATCH_CALLS = 20;

/** Procedures never executed in a batch: one request must be one password guess at most. */
const UNBATCHABLE_PREFIX = 'auth.';

/** The procedure paths a `/trpc/a,b,c?batch=1` request names; null when it is not a batch. */
export function batchedPaths(url: string): string[] | null {
  const [pathname = '', query = ''] = url.split('?', 2);
  if (!pathname.startsWith('/trpc/') || !new URLSearchParams(query).has('batch')) return null;
  return decodeURIComponent(pathname.slice('/trpc/'.length)).split(',');
}

function refuse(reply: FastifyReply, status: 400 | 429, reason: string, localized: { 'zh-CN': string; en: string }) {
  // Shaped like a tRPC error so clients show it like any other refusal.
  return reply.code(status).send({
    error: {
      message: localized.en,
      code: status === 400 ? -32600 : -32029,
      data: { code: status === 400 ? 'BAD_REQUEST' : 'TOO_MANY_REQUESTS', httpStatus: status, reason, localized, details: null },
    },
  });
}

/**
 * Guards batched tRPC requests before anything executes: a batch naming an authentication
 * procedure, or more than MAX_BATCH_CALLS calls, is refused whole (400); every call past the first
 * is counted against the client's rate limit too (the rate-limit plugin counts the request once),
 * so a batch buys no extra calls.
 */
export function guardBatches(app: FastifyInstance): void {
  const countCall = app.createRateLimit();
  app.addHook('onRequest', async (request, reply) => {
    const paths = batchedPaths(request.url);
    if (!paths || paths.length <= 1) return;
    if (paths.some((path) => path.startsWith(UNBATCHABLE_PREFIX))) {
      return refuse(reply, 400, 'batch-refused', {
        'zh-CN': '登录等身份认证请求不能批量发送。',
        en: 'Authentication calls cannot be batched.',
      });
    }
    if (paths.length > MAX_BATCH_CALLS) {
      return refuse(reply, 400, 'batch-too-large', {
        'zh-CN': `一次批量请求最多 ${MAX_BATCH_CALLS} 个调用。`,
        en: `A batch may carry at most ${MAX_BATCH_CALLS} calls.`,
      });
    }
    for (let call = 1; call < paths.length; call += 1) {
      const counted = await countCall(request);
      if (!counted.isAllowed && counted.isExceeded) {
        return refuse(reply, 429, 'rate-limited', { 'zh-CN': '请求过于频繁，请稍后再试。', en: 'Too many requests; try again shortly.' });
      }
    }
  });
}
