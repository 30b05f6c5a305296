import { useQuery } from '@tanstack/react-query';
import { DataTable, RegionName, RegionNames, StatusBadge, pluginHref, useL, useRegion, useTableParams, type DataColumn } from '@zhenxing/ui';
import { Alert, Tabs, Tag } from 'antd';
import { Link } from 'react-router';
import type { CaseView } from '../../index.ts';
import { CountdownTag, HouseholdLink, householdLabel } from '../components.tsx';
import { CASE_STEP_LABELS, CASE_STEP_STATUSES } from '../labels.ts';
import { useTRPC } from '../trpc.ts';

function useColumns(): DataColumn<CaseView>[] {
  const l = useL();
  return [
    { key: 'id', title: l('编号', 'No.'), render: (_, row) => <Link to={pluginHref('monitoring', `cases/${row.id}`)}>#{row.id}</Link> },
    {
      key: 'householdId',
      title: l('农户', 'Household'),
      render: (_, row) => <HouseholdLink householdId={row.householdId} headName={row.headName} />,
      exportValue: (row) => householdLabel(row, l),
    },
    { key: 'villageCode', title: l('村（社区）', 'Village'), render: (_, row) => <RegionName code={row.villageCode} /> },
    {
      key: 'step',
      title: l('当前环节', 'Step'),
      render: (_, row) => <StatusBadge status={row.step} statuses={CASE_STEP_STATUSES} />,
      exportValue: (row) => l.text(CASE_STEP_LABELS[row.step]),
    },
    { key: 'deadlineOn', title: l('办理期限', 'Deadline') },
    { key: 'countdown', title: l('时限', 'Clock'), render: (_, row) => <CountdownTag view={row} />, exportValue: (row) => row.progress.daysRemaining },
    {
      key: 'escalationLevel',
      title: l('预警层级', 'Escalated to'),
      render: (_, row) =>
        row.escalationLevel === 'none' ? (
          '—'
        ) : (
          <Tag color="red">{l(({ county: '县级', city: '市级', province: '省级' } as const)[row.escalationLevel], row.escalationLevel)}</Tag>
        ),
    },
  ];
}

function LocalTable({
  tableId,
  rows,
  loading,
  error,
  onRetry,
  exportName,
}: {
  tableId: string;
  rows: readonly CaseView[] | undefined;
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  exportName: string;
}) {
  const columns = useColumns();
  const { params, setParams } = useTableParams({ pageSize: 20 });
  const page = rows?.slice((params.page - 1) * params.pageSize, params.page * params.pageSize);
  return (
    <DataTable<CaseView>
      tableId={tableId}
      columns={columns}
      rows={page}
      total={rows?.length}
      loading={loading}
      error={error}
      onRetry={onRetry}
      params={params}
      onParamsChange={setParams}
      rowKey="id"
      exportName={exportName}
      fetchAll={async () => rows ?? []}
    />
  );
}

export default function OverduePage() {
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const overdue = useQuery(trpc.monitoring.cases.overdue.queryOptions({ regionCode: region.code }));
  const green = useQuery(trpc.monitoring.cases.greenChannelOpen.queryOptions({ regionCode: region.code }));
  const without = overdue.data?.countiesWithoutModule ?? [];
  return (
    <div data-testid="monitoring-overdue">
      <h1 className="zx-page-title">{l('逾期与绿色通道', 'Overdue and green channel')}</h1>
      {without.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={
            <>
              {l(`${without.length} 个县（区）未启用本模块，未计入：`, `${without.length} counties have not enabled the module and are not counted: `)}
              <RegionNames codes={without} separator={l('、', ', ')} />
            </>
          }
        />
      ) : null}
      <Tabs
        items={[
          {
            key: 'overdue',
            label: (
              <span data-testid="tab-overdue">{l(`认定逾期（${overdue.data?.cases.length ?? '…'}）`, `Overdue (${overdue.data?.cases.length ?? '…'})`)}</span>
            ),
            children: (
              <div data-testid="overdue-list">
                <Alert
                  type="info"
                  showIcon
                  style={{ marginBottom: 12 }}
                  title={l(
                    '发现风险后 15 天内未完成认定的案件，按逾期程度逐级预警（县→市→省）。',
                    'Cases not identified within 15 days of discovery, escalated county → city → province.',
                  )}
                />
                <LocalTable
                  tableId="monitoring-overdue"
                  rows={overdue.data?.cases}
                  loading={overdue.isFetching}
                  error={overdue.error}
                  onRetry={() => void overdue.refetch()}
                  exportName={l('认定逾期', 'overdue')}
                />
              </div>
            ),
          },
          {
            key: 'green',
            label: (
              <span data-testid="tab-green">{l(`绿色通道办理中（${green.data?.length ?? '…'}）`, `Green channel open (${green.data?.length ?? '…'})`)}</span>
            ),
            children: (
              <div data-testid="green-list">
                <Alert
                  type="info"
                  showIcon
                  style={{ marginBottom: 12 }}
                  title={l(
                    '因灾因疫等突发风险先帮扶救助、后履行认定程序；以下案件程序尚未办结。',
                    'Sudden risks are assisted first and identified afterwards; these procedures are still open.',
                  )}
                />
                <LocalTable
                  tableId="monitoring-green"
                  rows={green.data}
                  loading={green.isFetching}
                  error={green.error}
                  onRetry={() => void green.refetch()}
                  exportName={l('绿色通道', 'green-channel')}
                />
              </div>
            ),
          },
        ]}
      />
    </div>
  );
}
