/**
 * Server refusals onto form fields. The host puts zod issues under `details.fieldErrors` keyed by
 * the input path (`member.idNumber`); the registry's own checks name one field in `details.field`
 * (`yearLeftPoverty`) or are known by their reason (`id-number-taken` is about the ID number).
 */
import { describeError, pickLanguage, type Locale } from '@zhenxing/ui';
import type { FormInstance } from 'antd';

const FIELD_BY_REASON: Record<string, string> = { 'id-number-taken': 'idNumber' };

/**
 * Marks the fields the error is about; returns whether any was marked (if none, show the message
 * above the form). `prefix` is the form's place in the input (`member.` for members.add).
 */
export function applyServerErrors(form: FormInstance, error: unknown, locale: Locale, prefix = ''): boolean {
  const described = describeError(error, locale);
  // Registered fields (even when still empty) and any value the form holds.
  const known = new Set([...Object.keys(form.getFieldsValue() ?? {}), ...Object.keys(form.getFieldsValue(true) ?? {})]);
  const fields = new Map<string, string[]>();
  for (const [path, messages] of Object.entries(described.fieldErrors)) {
    const name = path.startsWith(prefix) ? path.slice(prefix.length) : path;
    if (known.has(name))
      fields.set(
        name,
        messages.map((message) => pickLanguage(message, locale)),
      );
  }
  const detailField = typeof described.details?.field === 'string' ? described.details.field : FIELD_BY_REASON[described.reason];
  if (detailField && known.has(detailField)) fields.set(detailField, [described.message]);
  if (fields.size > 0) form.setFields([...fields].map(([name, errors]) => ({ name, errors })));
  return fields.size > 0;
}

/**
 * A refused upload as the page should say it. The HTTP server answers a body above its size limit
 * with a bare 413 (no tRPC error shape), which would otherwise read as "cannot reach the server".
 */
export function uploadFailure(error: unknown): unknown {
  const shaped =
    typeof error === 'object' && error !== null
      ? (error as { meta?: { response?: { status?: unknown } }; data?: { httpStatus?: unknown; localized?: unknown } })
      : undefined;
  // A 413 from the upload route carries its own message; one from a proxy in front of it does not.
  const bare413 = shaped?.meta?.response?.status === 413 || (shaped?.data?.httpStatus === 413 && !shaped.data.localized);
  if (!bare413) return error;
  return {
    data: {
      code: 'PAYLOAD_TOO_LARGE',
      reason: 'payload-too-large',
      localized: {
        'zh-CN': '文件超出服务器允许的上传大小，未被接收。请把文件拆分成几个较小的文件分批上传，或请系统管理员调整服务器的请求大小上限。',
        en: 'The file is larger than the server accepts and was not received. Split it into smaller files, or ask the system administrator to raise the server’s request size limit.',
      },
    },
  };
}
