import { formatFen } from '@zhenxing/ui';
import { INDICATORS, UNIT_LABELS, type IndicatorCode } from '../index.ts';

/** An indicator's value as people read it: yuan for money, a count with its unit otherwise. */
export function formatIndicator(indicator: IndicatorCode, value: number | null, locale: 'zh-CN' | 'en'): string {
  if (value === null) return '—';
  const unit = INDICATORS[indicator].unit;
  if (unit === 'fen') return formatFen(value);
  return `${value.toLocaleString('zh-CN')} ${UNIT_LABELS[unit][locale]}`;
}

/** The current year in Asia/Shanghai. */
export function shanghaiYear(now = new Date()): number {
  return Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(now));
}
