import { useQuery } from '@tanstack/react-query';
import { Table } from 'antd';
import { formatFen, useL, useRegion } from '@zhenxing/ui';
import { useTRPC } from '../trpc.ts';

/** The county's records (scoped by the server to the selected region). */
export default function Items() {
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const items = useQuery(trpc.dispatch.items.list.queryOptions({ regionCode: region.code }));
  return (
    <div data-testid="dispatch-items">
      <h1 className="zx-page-title">{l('记录', 'Records')}</h1>
      <Table
        rowKey="id"
        loading={items.isFetching}
        dataSource={items.data ?? []}
        columns={[
          { key: 'recordedOn', dataIndex: 'recordedOn', title: l('日期', 'Date') },
          { key: 'title', dataIndex: 'title', title: l('名称', 'Title') },
          {
            key: 'amountFen',
            title: l('金额（元）', 'Amount (yuan)'),
            align: 'right',
            render: (_: unknown, row: { amountFen: number }) => formatFen(row.amountFen),
          },
        ]}
      />
    </div>
  );
}
