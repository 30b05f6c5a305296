/** 挂牌督办: counties from the rules with their figures and reasons; a county sees its own entry. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ErrorMessage, formatBasisPoints, RegionName, useL, useRegion, useShell } from '@zhenxing/ui';
import { App, Button, Card, Divider, Input, Popconfirm, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import type { PublishedSupervision, SupervisionRow } from '../../index.ts';
import { FiguresSheetImport } from '../components/FiguresSheetImport.tsx';
import { GrowthFiguresForm } from '../components/GrowthFiguresForm.tsx';
import { useTRPC } from '../trpc.ts';

export default function SupervisionPage() {
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const [year, setYear] = useState(String(new Date().getFullYear()));
  const valid = /^\d{4}$/.test(year);
  const list = useQuery({ ...trpc.income.supervision.list.queryOptions({ regionCode: region.code, year: Number(year) }), enabled: valid });
  const published = useQuery({ ...trpc.income.supervision.published.queryOptions({ regionCode: region.code, year: Number(year) }), enabled: valid });
  const { hasPermission } = useShell();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const publish = useMutation(trpc.income.supervision.publish.mutationOptions());
  const lift = useMutation(trpc.income.supervision.lift.mutationOptions());
  const [liftReason, setLiftReason] = useState('');
  const province = hasPermission('income.supervision.manage');
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.income.pathKey() });
  return (
    <div data-testid="supervision-page">
      <h1 className="zx-page-title">{l('挂牌督办', 'Supervision list')}</h1>
      <Space style={{ marginBottom: 12 }}>
        <span>{l('年度', 'Year')}</span>
        <Input value={year} onChange={(event) => setYear(event.target.value)} style={{ width: 90 }} />
      </Space>
      <ErrorMessage error={list.error ?? published.error ?? publish.error ?? lift.error} />
      {province && valid ? (
        <Card size="small" style={{ marginBottom: 16 }} title={l(`录入 ${year} 年增速数据`, `Growth figures for ${year}`)}>
          <FiguresSheetImport key={`sheet-${year}`} year={Number(year)} />
          <Divider plain>{l('或逐县录入', 'or enter by hand')}</Divider>
          <GrowthFiguresForm key={year} year={Number(year)} />
        </Card>
      ) : null}
      <h2>{l('实时计算', 'Computed now')}</h2>
      <Table<SupervisionRow>
        size="small"
        rowKey="countyCode"
        loading={list.isPending && valid}
        dataSource={list.data ?? []}
        columns={[
          { key: 'county', title: l('县（区）', 'County'), render: (_, row) => row.countyName || <RegionName code={row.countyCode} /> },
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
      <Card
        size="small"
        style={{ marginTop: 16 }}
        title={l('已发布名单', 'Published list')}
        extra={
          province && valid ? (
            <Button
              type="primary"
              loading={publish.isPending}
              onClick={() =>
                publish.mutate(
                  { regionCode: region.code, year: Number(year) },
                  {
                    onSuccess: async (rows) => {
                      await refresh();
                      message.success(l(`已发布 ${rows.length} 个县`, `${rows.length} counties published`));
                    },
                  },
                )
              }
            >
              {l('发布本年度名单', 'Publish the list')}
            </Button>
          ) : null
        }
      >
        <Table<PublishedSupervision>
          size="small"
          rowKey="id"
          loading={published.isPending && valid}
          dataSource={published.data ?? []}
          columns={[
            { key: 'county', title: l('县（区）', 'County'), render: (_, row) => row.snapshot.countyName || <RegionName code={row.countyCode} /> },
            {
              key: 'supervised',
              title: l('督办', 'Supervised'),
              render: (_, row) =>
                row.liftedOn ? (
                  <Tag>{l(`已摘牌（${row.liftedOn}）`, `lifted (${row.liftedOn})`)}</Tag>
                ) : row.supervised ? (
                  <Tag color="red">{l('挂牌督办', 'supervised')}</Tag>
                ) : (
                  <Tag color="green">{l('否', 'no')}</Tag>
                ),
            },
            {
              key: 'reasons',
              title: l('原因', 'Reasons'),
              render: (_, row) => row.snapshot.reasons.map((item) => <Tag key={item.code}>{l.text(item.message)}</Tag>),
            },
            { key: 'published', dataIndex: 'publishedOn', title: l('发布日期', 'Published') },
            { key: 'liftReason', dataIndex: 'liftReason', title: l('摘牌理由', 'Lift reason') },
            {
              key: 'lift',
              title: '',
              render: (_, row) =>
                province && row.supervised && !row.liftedOn ? (
                  <Popconfirm
                    title={<Input placeholder={l('摘牌理由', 'Reason')} value={liftReason} onChange={(event) => setLiftReason(event.target.value)} />}
                    onConfirm={() => lift.mutate({ regionCode: region.code, entryId: row.id, reason: liftReason }, { onSuccess: () => refresh() })}
                  >
                    <Button size="small">{l('摘牌', 'Lift')}</Button>
                  </Popconfirm>
                ) : null,
            },
          ]}
        />
      </Card>
    </div>
  );
}
