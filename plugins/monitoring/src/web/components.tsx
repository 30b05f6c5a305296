import { Tag, Tooltip } from 'antd';
import { pluginHref, useL } from '@zhenxing/ui';
import { Link } from 'react-router';
import type { CaseView } from '../index.ts';
import { DEADLINE_STATUS_LABELS } from './labels.ts';

/** The 15-day clock of a case, from the server's own count (its calendar, not the browser's). */
export function CountdownTag({ view }: { view: Pick<CaseView, 'progress' | 'deadlineOn' | 'completedOn' | 'closedOn' | 'step'> }) {
  const l = useL();
  const { progress } = view;
  if (view.step === 'rejected') return <Tag data-testid="countdown">{l('已关闭', 'Closed')}</Tag>;
  const status = progress.status;
  const color = status === 'overdue' || status === 'done-late' ? 'error' : status === 'warning' ? 'warning' : status === 'on-track' ? 'success' : 'default';
  const text =
    status === 'done-on-time' || status === 'done-late'
      ? l(
          `${l.text(DEADLINE_STATUS_LABELS[status])}（用时 ${progress.daysElapsed} 天）`,
          `${l.text(DEADLINE_STATUS_LABELS[status])} (${progress.daysElapsed} d)`,
        )
      : progress.daysRemaining < 0
        ? l(`逾期 ${-progress.daysRemaining} 天`, `${-progress.daysRemaining} d overdue`)
        : progress.daysRemaining === 0
          ? l('今日到期', 'Due today')
          : l(`剩 ${progress.daysRemaining} 天`, `${progress.daysRemaining} d left`);
  return (
    <Tooltip title={l(`15 天办理期限：${view.deadlineOn}`, `15-day deadline: ${view.deadlineOn}`)}>
      <Tag color={color} data-testid="countdown" data-status={status} data-days={progress.daysRemaining}>
        {text}
      </Tag>
    </Tooltip>
  );
}

/** A household named by its head ("张三户"), linking to its registry page; never a bare "户 56". */
export function HouseholdLink({ householdId, headName }: { householdId: number; headName?: string | undefined }) {
  const l = useL();
  return (
    <Link to={pluginHref('registry', `households/${householdId}`)} data-testid="household-link">
      {headName ? l(`${headName}户`, `${headName} household`) : l('（未登记户主）', '(no head registered)')}
    </Link>
  );
}

/** Export text for a household column: the head's name, as in the table. */
export function householdLabel(row: { headName?: string | undefined }, l: (zh: string, en: string) => string): string {
  return row.headName ? l(`${row.headName}户`, `${row.headName} household`) : '';
}
