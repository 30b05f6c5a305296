import { TRPCError } from '@trpc/server';
import type { Localized } from './i18n.ts';

export type ZxErrorCode =
  'UNAUTHORIZED' | 'FORBIDDEN' | 'NOT_FOUND' | 'BAD_REQUEST' | 'CONFLICT' | 'PRECONDITION_FAILED' | 'TOO_MANY_REQUESTS' | 'INTERNAL_SERVER_ERROR';

/**
 * An error a person can act on. `reason` is a stable machine code (e.g. `module-not-enabled`);
 * `message` says what happened and what to do, in both UI languages.
 */
export class ZxError extends TRPCError {
  readonly reason: string;
  readonly localized: Localized;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ZxErrorCode, reason: string, message: Localized, details?: Record<string, unknown>) {
    super({ code, message: message.en });
    this.reason = reason;
    this.localized = message;
    this.details = details;
  }
}

export const errors = {
  unauthenticated: () =>
    new ZxError('UNAUTHORIZED', 'unauthenticated', {
      'zh-CN': '尚未登录或登录已过期，请重新登录。',
      en: 'You are not signed in, or your session has expired. Please sign in again.',
    }),
  permissionDenied: (permission: string) =>
    new ZxError(
      'FORBIDDEN',
      'permission-denied',
      {
        'zh-CN': `您没有执行此操作的权限（${permission}）。如需开通，请联系上级管理员。`,
        en: `You do not have the permission "${permission}". Ask an administrator above you to grant it.`,
      },
      { permission },
    ),
  outOfScope: (regionCode: string) =>
    new ZxError(
      'FORBIDDEN',
      'out-of-scope',
      {
        'zh-CN': `区划 ${regionCode} 不在您的管辖范围内，无法查看或修改。`,
        en: `Region ${regionCode} is outside your area; you cannot view or change it.`,
      },
      { regionCode },
    ),
  moduleNotEnabled: (pluginId: string, title: Localized, countyCode: string) =>
    new ZxError(
      'PRECONDITION_FAILED',
      'module-not-enabled',
      {
        'zh-CN': `县（区）${countyCode} 未启用“${title['zh-CN']}”模块。请县级管理员在“模块管理”中启用后再使用。`,
        en: `County ${countyCode} has not enabled the "${title.en}" module. A county admin can enable it under Modules.`,
      },
      { pluginId, countyCode },
    ),
  notFound: (what: Localized) =>
    new ZxError('NOT_FOUND', 'not-found', {
      'zh-CN': `未找到${what['zh-CN']}，可能已被删除或不在您的管辖范围内。`,
      en: `${what.en} was not found; it may not exist or may be outside your area.`,
    }),
  invalid: (message: Localized, details?: Record<string, unknown>) => new ZxError('BAD_REQUEST', 'invalid-input', message, details),
};
