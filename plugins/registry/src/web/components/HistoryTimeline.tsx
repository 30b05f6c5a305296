import { EmptyState, useL } from '@zhenxing/ui';
import { Tag, Timeline } from 'antd';
import { useMemo, type ReactNode } from 'react';
import { formatDateTime } from '../format.ts';
import { changedIncomeFields, fieldLabel, memberNamesOf, parseChanges, recordText, subjectText, valueText, type Change } from '../history.ts';
import { HISTORY_ACTIONS, INCOME_FIELDS } from '../labels.ts';
import type { DetailMember, HistoryEntry } from '../trpc.ts';
import { RegionName } from './RegionName.tsx';

const MUTED = { color: 'rgba(0,0,0,0.45)' } as const;

/** The full change history of a household, newest first: who, when, what, and each field before → after. */
export function HistoryTimeline({ entries, members }: { entries: readonly HistoryEntry[]; members: readonly DetailMember[] }) {
  const l = useL();
  const names = useMemo(() => {
    const known = memberNamesOf(entries);
    for (const member of members) known.set(member.id, member.name);
    return known;
  }, [entries, members]);
  if (entries.length === 0) return <EmptyState description={l('暂无变更记录', 'No changes recorded')} />;
  return (
    <Timeline
      data-testid="history"
      items={entries.map((entry) => ({
        key: entry.id,
        color: entry.action === 'create' || entry.action === 'import' ? 'green' : entry.action === 'move' ? 'orange' : 'blue',
        content: (
          <div data-testid="history-entry" data-action={entry.action}>
            <div>
              <strong>{l.text(HISTORY_ACTIONS[entry.action] ?? { 'zh-CN': entry.action, en: entry.action })}</strong>
              <span style={{ ...MUTED, marginLeft: 8 }}>
                {formatDateTime(entry.at)} · {entry.username ?? l('系统', 'system')}
              </span>
            </div>
            <ul style={{ margin: '4px 0 0', paddingLeft: 18 }}>
              {parseChanges(entry.changes).map((change) => (
                <li key={change.key} data-testid="history-change" data-key={change.key}>
                  <ChangeLine change={change} names={names} />
                </li>
              ))}
            </ul>
          </div>
        ),
      }))}
    />
  );
}

function ChangeLine({ change, names }: { change: Change; names: ReadonlyMap<number, string> }) {
  const l = useL();
  const subject = subjectText(change.subject, names, l);
  const prefix = subject ? <Tag style={{ marginInlineEnd: 6 }}>{subject}</Tag> : null;
  if (change.field === null && change.subject.kind === 'member') {
    return (
      <span>
        {prefix}
        {change.before === null ? l('新增：', 'added: ') : ''}
        {recordText(change.subject, change.after, l)}
      </span>
    );
  }
  if (change.field === null) {
    // An income year: all components when first recorded, otherwise those that changed.
    const fields = change.before === null ? null : changedIncomeFields(change.before, change.after);
    if (!fields)
      return (
        <span>
          {prefix}
          {recordText(change.subject, change.after, l)}
        </span>
      );
    return (
      <span>
        {prefix}
        {fields.length === 0
          ? l('无变化', 'unchanged')
          : fields.map((field, index) => (
              <span key={field}>
                {index > 0 ? l('；', '; ') : null}
                {l.text(INCOME_FIELDS[field])}
                {l('：', ': ')}
                <BeforeAfter
                  field={field}
                  before={(change.before as Record<string, unknown>)[field]}
                  after={(change.after as Record<string, unknown>)[field]}
                />
              </span>
            ))}
      </span>
    );
  }
  return (
    <span>
      {prefix}
      {fieldLabel(change, l)}
      {l('：', ': ')}
      <BeforeAfter field={change.field} before={change.before} after={change.after} />
    </span>
  );
}

function Value({ field, value }: { field: string; value: unknown }): ReactNode {
  const l = useL();
  if (field === 'villageCode' && typeof value === 'string' && value !== '') return <RegionName code={value} withCode />;
  return valueText(field, value, l);
}

/** "before → after"; a value set for the first time shows alone. */
function BeforeAfter({ field, before, after }: { field: string; before: unknown; after: unknown }) {
  if (before === null || before === undefined) return <Value field={field} value={after} />;
  return (
    <>
      <span style={{ ...MUTED, textDecoration: 'line-through' }} data-testid="history-before">
        <Value field={field} value={before} />
      </span>
      {' → '}
      <span data-testid="history-after">
        <Value field={field} value={after} />
      </span>
    </>
  );
}
