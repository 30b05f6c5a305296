/** 挂牌督办: counties from the rules with their figures and reasons; a county sees its own entry. */
import { useQuery } from '@tanstack/react-query';
import { ErrorMessage, formatBasisPoints, useL, useRegion } from '@zhenxing/ui';
import { Input, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import type { SupervisionRow } from '../../index.ts';
import { useTRPC } from '../trpc.ts';

export default function SupervisionPage() {
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const [year, setYear] = useState(String(new Date().getFullYear()));
  const valid = /^\d{4}$/.test(year);
  const list = useQuery({ ...trpc.income.supervision.list.queryOptions({ regionCode: region.code, year: Number(year) }), enabled: valid });
  return (
    <div data-testid="supervision-page">
      <h1 className="zx-page-title">{l('挂牌督办', 'Supervision list')}</h1>
      <Space style={{ marginBottom: 12 }}>
        <span>{l('年度', 'Year')}</span>
        <Input value={year} onChange={(event) => setYear(event.target.value)} style={{ width: 90 }} />
      </Space>
      <ErrorMessage error={list.error} />
      <Table<SupervisionRow>
        size="small"
        rowKey="countyCode"
        loading={list.isPending && valid}
        dataSource={list.data ?? []}
        columns={[
          { key: 'county', title: l('县（区）', 'County'), render: (_, row) => `${row.countyName}（${row.countyCode}）` },
          {
            key: 'supervised',
            title: l('督办', 'Supervised'),
            render: (_, row) => (row.supervised ? <Tag color="red">{l('挂牌督办', 'supervised')}</Tag> : <Tag color="green">{l('否', 'no')}</Tag>),
          },
          {
            key: 'poverty',
            title: l('脱贫人口收入增速', 'Poverty-exited growth'),
            render: (_, row) => (row.povertyExited ? formatBasisPoints(row.povertyExited.basisPoints) : '—'),
          },
          { key: 'local', title: l('当地农民收入增速', 'Local farmers'), render: (_, row) => formatBasisPoints(row.localFarmersBasisPoints) },
          { key: 'national', title: l('全国', 'National'), render: (_, row) => formatBasisPoints(row.nationalBasisPoints) },
          { key: 'provincial', title: l('全省', 'Provincial'), render: (_, row) => formatBasisPoints(row.provincialBasisPoints) },
          { key: 'reasons', title: l('原因', 'Reasons'), render: (_, row) => row.reasons.map((item) => <Tag key={item.code}>{l.text(item.message)}</Tag>) },
          { key: 'version', dataIndex: 'parameterVersion', title: l('参数版本', 'Parameters') },
        ]}
      />
    </div>
  );
}
