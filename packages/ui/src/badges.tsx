import { Tag, Tooltip } from 'antd';
import type { Localized } from './i18n.ts';
import { useL } from './shell.tsx';

export type StatusTone = 'default' | 'processing' | 'success' | 'warning' | 'error';

export interface StatusDefinition {
  label: Localized;
  tone: StatusTone;
}

const TONE_COLORS: Record<StatusTone, string> = {
  default: 'default',
  processing: 'processing',
  success: 'success',
  warning: 'warning',
  error: 'error',
};

/**
 * A workflow status as a coloured tag. Give the plugin's map once:
 * `<StatusBadge status={row.status} statuses={CASE_STATUSES} />`.
 */
export function StatusBadge<S extends string>({ status, statuses }: { status: S; statuses: Record<S, StatusDefinition> }) {
  const l = useL();
  const definition = statuses[status];
  if (!definition) return <Tag>{status}</Tag>;
  return (
    <Tag color={TONE_COLORS[definition.tone]} data-status={status}>
      {l.text(definition.label)}
    </Tag>
  );
}

const DAY_MS = 86_400_000;

/** Today's date in China (deadlines are calendar days in Asia/Shanghai), as YYYY-MM-DD. */
export function shanghaiToday(now: Date = new Date(), offsetDays = 0): string {
  return new Date(now.getTime() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

export function daysUntil(due: string, now: Date = new Date()): number {
  const today = Date.parse(`${shanghaiToday(now)}T00:00:00Z`);
  const target = Date.parse(`${due.slice(0, 10)}T00:00:00Z`);
  return Math.round((target - today) / DAY_MS);
}

/**
 * A deadline (SLA) as a tag: overdue red, due within `warnDays` orange, otherwise green;
 * done items grey. `due` is an ISO date (YYYY-MM-DD) or timestamp.
 */
export function DeadlineBadge({ due, done, warnDays = 3, now }: { due: string | null | undefined; done?: boolean; warnDays?: number; now?: Date }) {
  const l = useL();
  if (!due) return <Tag>{l('无期限', 'No deadline')}</Tag>;
  const days = daysUntil(due, now);
  const date = due.slice(0, 10);
  if (done) return <Tag>{l(`已办结（期限 ${date}）`, `Done (due ${date})`)}</Tag>;
  const [color, text] =
    days < 0
      ? ['error', l(`逾期 ${-days} 天`, `${-days} d overdue`)]
      : days === 0
        ? ['warning', l('今日到期', 'Due today')]
        : days <= warnDays
          ? ['warning', l(`剩 ${days} 天`, `${days} d left`)]
          : ['success', l(`剩 ${days} 天`, `${days} d left`)];
  return (
    <Tooltip title={l(`办理期限：${date}`, `Due: ${date}`)}>
      <Tag color={color} data-days={days}>
        {text}
      </Tag>
    </Tooltip>
  );
}
