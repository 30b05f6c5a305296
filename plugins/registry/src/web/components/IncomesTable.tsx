import { formatFen, useL } from '@zhenxing/ui';
import { Table } from 'antd';
import { INCOME_COMPONENTS, INCOME_FIELDS } from '../labels.ts';
import type { DetailIncome } from '../trpc.ts';

/** 收入情况 per year, newest first, in yuan; net and per-capita income as the rules compute them. */
export function IncomesTable({ incomes }: { incomes: readonly DetailIncome[] }) {
  const l = useL();
  return (
    <Table<DetailIncome>
      size="small"
      rowKey="year"
      pagination={false}
      scroll={{ x: 'max-content' }}
      dataSource={[...incomes]}
      data-testid="incomes-table"
      locale={{ emptyText: l('尚未登记收入', 'No income recorded') }}
      columns={[
        { key: 'year', title: l('年度', 'Year'), dataIndex: 'year' },
        ...INCOME_COMPONENTS.map((key) => ({
          key,
          title: l.text(INCOME_FIELDS[key]),
          align: 'right' as const,
          render: (_: unknown, income: DetailIncome) => formatFen(income[key]),
        })),
        { key: 'total', title: l('家庭纯收入', 'Net income'), align: 'right', render: (_, income) => formatFen(income.totalNetIncomeFen) },
        { key: 'perCapita', title: l('人均纯收入', 'Per capita'), align: 'right', render: (_, income) => <strong>{formatFen(income.perCapitaFen)}</strong> },
      ]}
    />
  );
}
