type Localized = { 'zh-CN': string; en: string };
import { SUBMISSION_STATUS_LABELS } from '../index.ts';

export { SUBMISSION_STATUS_LABELS };

export const LATE_KIND_LABELS: Record<'on-time' | 'late' | 'missing' | 'pending', { 'zh-CN': string; en: string; color: string }> = {
  'on-time': { 'zh-CN': '按时', en: 'on time', color: 'green' },
  late: { 'zh-CN': '迟报', en: 'late', color: 'orange' },
  missing: { 'zh-CN': '漏报', en: 'missing', color: 'red' },
  pending: { 'zh-CN': '未到期', en: 'not yet due', color: 'default' },
};

export const STATUS_COLORS: Record<string, string> = {
  'not-started': 'default',
  draft: 'blue',
  submitted: 'processing',
  reviewed: 'cyan',
  returned: 'red',
  accepted: 'green',
};

/** The per-field messages of a refused submission (`details.fields` of the error), if any. */
export function fieldMessages(error: unknown): Record<string, Localized> {
  const data = (error as { data?: { details?: { fields?: Record<string, Localized> } | null } } | null)?.data;
  return data?.details?.fields ?? {};
}

/** A Shanghai wall-clock time for an ISO instant: 2022-03-28 10:00. */
export function shanghaiTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

export function formatMinutes(minutes: number, zh: boolean): string {
  if (minutes < 60) return zh ? `${minutes} 分钟` : `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours < 24) return zh ? `${hours} 小时 ${rest} 分` : `${hours} h ${rest} min`;
  return zh ? `${Math.floor(hours / 24)} 天 ${hours % 24} 小时` : `${Math.floor(hours / 24)} d ${hours % 24} h`;
}
