/** The home page's card: relationships meeting their targets per system this year, and the counties lacking one. */
import { useQuery } from '@tanstack/react-query';
import { ErrorMessage, useL } from '@zhenxing/ui';
import { Space, Tag } from 'antd';
import { SYSTEM_LABELS } from '../../index.ts';
import { shanghaiYear } from '../format.ts';
import { useTRPC } from '../trpc.ts';

export default function AssistancePanel({ regionCode }: { regionCode: string }) {
  const l = useL();
  const trpc = useTRPC();
  const summary = useQuery(trpc['social-assistance'].progress.summary.queryOptions({ regionCode, year: shanghaiYear() }));
  if (summary.error) return <ErrorMessage error={summary.error} />;
  const data = summary.data;
  if (!data) return null;
  return (
    <div data-testid="assistance-panel">
      <Space wrap>
        {data.bySystem
          .filter((row) => row.relationships > 0)
          .map((row) => (
            <Tag key={row.system} color={row.withTargets > 0 && row.met === row.withTargets ? 'green' : 'orange'}>
              {l.text(SYSTEM_LABELS[row.system])} {row.met}/{row.withTargets}
            </Tag>
          ))}
      </Space>
      {data.countiesLacking.length > 0 && (
        <p style={{ marginTop: 8 }}>
          {l('未落实：', 'Lacking: ')}
          {data.countiesLacking.map((row) => `${row.countyName}（${row.missing.map((code) => l.text(SYSTEM_LABELS[code])).join('、')}）`).join('；')}
        </p>
      )}
      {data.problems.overdue > 0 && <Tag color="red">{l(`逾期未整改问题 ${data.problems.overdue} 个`, `${data.problems.overdue} problems overdue`)}</Tag>}
    </div>
  );
}
