import { useQuery } from '@tanstack/react-query';
import { Table } from 'antd';
import { useL, useRegion } from '@zhenxing/ui';
import { useTRPC } from '../trpc.ts';

/** Visits in the selected region, newest first. */
export default function VisitsPage() {
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const visits = useQuery(trpc.visits.list.queryOptions({ regionCode: region.code }));
  return (
    <div data-testid="visits-list">
      <h1 className="zx-page-title">{l('走访记录', 'Visits')}</h1>
      <Table
        rowKey="id"
        loading={visits.isFetching}
        dataSource={visits.data ?? []}
        columns={[
          { key: 'visitedOn', dataIndex: 'visitedOn', title: l('走访日期', 'Date') },
          { key: 'householdId', dataIndex: 'householdId', title: l('农户', 'Household') },
          { key: 'personMet', dataIndex: 'personMet', title: l('见到', 'Person met') },
        ]}
      />
    </div>
  );
}
