import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { DataTable, EmptyState, pluginHref, RegionPicker, StatusBadge, useL, useRegion, useShell, type DataColumn } from '@zhenxing/ui';
import { Alert, App, Button, Select, Typography } from 'antd';
import { useEffect } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { HouseholdStatus } from '../../index.ts';
import { HouseholdSearch } from '../components/HouseholdSearch.tsx';
import { RegionName } from '../components/RegionName.tsx';
import { saveServerFile } from '../files.ts';
import { formatDateTime } from '../format.ts';
import { HOUSEHOLD_STATUSES, LABOUR_LABELS, optionsOf, STATUS_LABELS } from '../labels.ts';
import { fromTableParams, readListState, tableParamsOf, writeListState, type ListState } from '../list-params.ts';
import { useTRPC, type HouseholdListItem } from '../trpc.ts';

/** 农户列表: server-side paging, sort and filters; search; export of the filtered households (xlsx). */
export default function HouseholdsPage() {
  const l = useL();
  const region = useRegion();
  const shell = useShell();
  const trpc = useTRPC();
  const { message } = App.useApp();
  const [searchParams, setSearchParams] = useSearchParams();
  const state = readListState(searchParams);
  // A sub-area chosen before the header's region changed applies only while it lies inside it.
  const area = state.area && state.area.startsWith(region.code) && state.area !== region.code ? state.area : undefined;
  const regionCode = area ?? region.code;
  const update = (next: ListState) => setSearchParams(writeListState(next), { replace: true });
  const filter = (change: Partial<ListState>) => update({ ...state, ...change, page: 1 });

  const list = useQuery({
    ...trpc.registry.households.list.queryOptions({
      regionCode,
      page: state.page,
      pageSize: state.pageSize,
      sort: state.sort?.field ?? 'id',
      order: state.sort?.order ?? 'asc',
      status: state.status,
      search: state.search || undefined,
    }),
    placeholderData: keepPreviousData,
  });
  // A page beyond the end (the region or the data changed meanwhile): go to the last one.
  const total = list.data?.total;
  useEffect(() => {
    if (total !== undefined && total > 0 && (state.page - 1) * state.pageSize >= total) update({ ...state, page: Math.ceil(total / state.pageSize) });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- runs when the total or the page moves, not on every filter keystroke
  }, [total, state.page, state.pageSize]);
  const exporter = useMutation(trpc.registry.households.export.mutationOptions());

  const exportFile = async () => {
    const file = await exporter.mutateAsync({
      regionCode,
      status: state.status,
      villageCode: regionCode.length === 12 ? regionCode : undefined,
      search: state.search || undefined,
      format: 'xlsx',
    });
    saveServerFile(file);
    message.success(
      l(
        `已导出 ${file.households} 户、${file.rows} 人${file.masked ? '（身份证号已脱敏，健康信息已隐藏）' : ''}`,
        `Exported ${file.households} households, ${file.rows} people${file.masked ? ' (ID numbers masked, health data hidden)' : ''}`,
      ),
    );
  };

  const columns: DataColumn<HouseholdListItem>[] = [
    {
      key: 'headName',
      title: l('户主', 'Head'),
      fixed: 'left',
      render: (_, row) => (
        <Link to={pluginHref('registry', `households/${row.id}`)} data-testid={`household-link-${row.id}`}>
          {row.headName || l(`农户 #${row.id}`, `Household #${row.id}`)}
        </Link>
      ),
    },
    { key: 'headIdNumber', title: l('户主身份证号', 'Head’s ID number'), render: (_, row) => <span data-testid="head-id-number">{row.headIdNumber}</span> },
    { key: 'villageCode', title: l('村（社区）', 'Village'), sortable: true, render: (_, row) => <RegionName code={row.villageCode} /> },
    { key: 'address', title: l('家庭住址', 'Address'), sortable: true },
    {
      key: 'status',
      title: l('户类型', 'Type'),
      sortable: true,
      render: (_, row) => <StatusBadge status={row.status} statuses={HOUSEHOLD_STATUSES} />,
    },
    { key: 'memberCount', title: l('人口', 'Members'), sortable: true, align: 'right' },
    { key: 'yearLeftPoverty', title: l('脱贫年度', 'Left poverty'), render: (_, row) => row.yearLeftPoverty ?? '—' },
    { key: 'labourCapacity', title: l('劳动能力', 'Labour'), defaultHidden: true, render: (_, row) => l.text(LABOUR_LABELS[row.labourCapacity]) },
    { key: 'updatedAt', title: l('最近更新', 'Updated'), sortable: true, render: (_, row) => formatDateTime(row.updatedAt) },
  ];

  const filtered = Boolean(state.search || state.status || area);
  return (
    <div data-testid="registry-households">
      <h1 className="zx-page-title">{l('农户列表', 'Households')}</h1>
      {list.data?.totalCapped ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={l(
            '符合条件的农户超过 10,000 户，仅统计前 10,000 户；请按村或户类型缩小范围。',
            'More than 10,000 households match; totals stop at 10,000. Narrow by village or type.',
          )}
        />
      ) : null}
      <DataTable<HouseholdListItem>
        tableId="registry-households"
        columns={columns}
        rows={list.data?.items}
        total={list.data?.total}
        loading={list.isFetching}
        error={list.error}
        onRetry={() => void list.refetch()}
        params={tableParamsOf(state)}
        onParamsChange={(params) => update(fromTableParams(state, params))}
        rowKey="id"
        exportName={l('农户信息', 'households')}
        onExport={exportFile}
        empty={
          <EmptyState
            description={filtered ? l('没有符合条件的农户', 'No household matches') : l('本区域尚无农户信息', 'No households registered here yet')}
            action={
              !filtered && shell.hasPermission('registry.household.import') ? (
                <Link to={pluginHref('registry', 'import')}>
                  <Button type="primary">{l('导入农户信息', 'Import households')}</Button>
                </Link>
              ) : undefined
            }
          />
        }
        toolbar={
          <>
            <HouseholdSearch value={state.search} regionCode={regionCode} onSearch={(search) => filter({ search })} />
            <Select<HouseholdStatus>
              allowClear
              placeholder={l('全部户类型', 'All types')}
              style={{ width: 140 }}
              value={state.status}
              onChange={(status) => filter({ status })}
              options={optionsOf(STATUS_LABELS, l.text)}
              data-testid="status-filter"
            />
            <RegionPicker
              rootCode={region.code}
              value={regionCode}
              onChange={(code) => filter({ area: code === region.code ? undefined : code })}
              placeholder={l('乡镇 / 村（社区）', 'Township / village')}
              style={{ width: 240, maxWidth: '100%' }}
              data-testid="area-filter"
            />
            {filtered ? (
              <Button type="link" onClick={() => update({ ...state, search: '', status: undefined, area: undefined, page: 1 })} data-testid="clear-filters">
                {l('清除筛选', 'Clear filters')}
              </Button>
            ) : null}
            {state.search ? (
              <Typography.Text type="secondary" style={{ alignSelf: 'center' }} data-testid="search-summary">
                {l(`搜索“${state.search}”`, `Search “${state.search}”`)}
              </Typography.Text>
            ) : null}
          </>
        }
      />
    </div>
  );
}
