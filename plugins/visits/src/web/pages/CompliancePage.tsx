/** 走访合规: due, done, overdue and coverage per month and region, late list by village and cadre, copied-visit flags. */
import { useQuery } from '@tanstack/react-query';
import { ChartCard, ErrorMessage, formatBasisPoints, useL, useRegion, type ChartOption, RegionName, useRegionNames } from '@zhenxing/ui';
import { Alert, Card, Col, Input, Row, Space, Statistic, Table, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { COPY_FLAG_LABELS } from '../labels.ts';
import { useTRPC } from '../trpc.ts';

function thisMonth(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
}

export default function CompliancePage() {
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const [month, setMonth] = useState(thisMonth());
  const valid = /^\d{4}-(0[1-9]|1[0-2])$/.test(month);
  const summary = useQuery({ ...trpc.visits.compliance.queryOptions({ regionCode: region.code, month }), enabled: valid });
  const flags = useQuery({ ...trpc.visits.flags.queryOptions({ regionCode: region.code, month }), enabled: valid });
  const data = summary.data;
  // A county or smaller region charts its villages; a city or the province charts its counties.
  const barCodes = useMemo(
    () => (data ? (data.detail ? data.byVillage.map((row) => row.villageCode) : data.byCounty.map((row) => row.countyCode)) : []),
    [data],
  );
  const barNames = useRegionNames(barCodes);
  // Named, not coded (issue 23): the village's or county's name on the axis.
  const bars = data
    ? data.detail
      ? data.byVillage.map((row) => ({ ...row, label: barNames[row.villageCode] ?? row.villageCode }))
      : data.byCounty.map((row) => ({ ...row, label: barNames[row.countyCode] ?? row.countyCode }))
    : [];
  const byVillage: ChartOption | null = data
    ? {
        tooltip: { trigger: 'axis' },
        legend: { bottom: 0 },
        grid: { left: 40, right: 16, top: 16, bottom: 70 },
        xAxis: { type: 'category', data: bars.map((row) => row.label), axisLabel: { rotate: 30 } },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          { type: 'bar', stack: 'all', name: l('已走访', 'Done'), data: bars.map((row) => Math.min(row.done, row.due)), itemStyle: { color: '#52c41a' } },
          {
            type: 'bar',
            stack: 'all',
            name: l('未走访', 'Missing'),
            data: bars.map((row) => Math.max(0, row.due - row.done)),
            itemStyle: { color: '#faad14' },
          },
        ],
      }
    : null;
  return (
    <div data-testid="compliance-page">
      <h1 className="zx-page-title">{l('走访合规', 'Visit compliance')}</h1>
      <Space style={{ marginBottom: 12 }}>
        <span>{l('月份（北京时间）', 'Month (Beijing time)')}</span>
        <Input value={month} onChange={(event) => setMonth(event.target.value)} placeholder="YYYY-MM" style={{ width: 120 }} data-testid="compliance-month" />
      </Space>
      <ErrorMessage error={summary.error} />
      <Row gutter={[16, 16]}>
        {[
          { key: 'due', title: l('应走访户', 'Due'), value: data?.due },
          { key: 'done', title: l('已走访户', 'Done'), value: data?.done },
          {
            key: 'overdue',
            title: data?.closed === false ? l('逾期（月末后计）', 'Overdue (after month end)') : l('逾期未走访', 'Overdue'),
            value: data?.overdue,
          },
          { key: 'coverage', title: l('走访覆盖率', 'Coverage'), value: data ? formatBasisPoints(data.coverageBasisPoints) : undefined },
        ].map((card) => (
          <Col xs={12} lg={6} key={card.key}>
            <Card size="small" data-testid={`compliance-${card.key}`}>
              <Statistic title={card.title} value={card.value ?? '—'} loading={summary.isPending && valid} />
            </Card>
          </Col>
        ))}
        <Col xs={24} lg={12}>
          <ChartCard
            title={data && !data.detail ? l('各县走访进度', 'Progress by county') : l('各村走访进度', 'Progress by village')}
            option={byVillage}
            loading={summary.isPending && valid}
            error={summary.error}
            empty={bars.length === 0}
          />
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={l('按包联干部', 'By cadre')}>
            {data && !data.detail ? (
              <Alert
                type="info"
                showIcon
                style={{ marginBottom: 8 }}
                message={l(
                  '按干部和未走访农户名单请选择到县或乡、村查看。',
                  'Choose a county, township or village to see the per-cadre rows and the households not visited.',
                )}
              />
            ) : null}
            <Table
              size="small"
              rowKey="cadreName"
              pagination={false}
              dataSource={data?.byCadre ?? []}
              columns={[
                { key: 'cadre', dataIndex: 'cadreName', title: l('干部', 'Cadre') },
                { key: 'due', dataIndex: 'due', title: l('应走访', 'Due'), align: 'right' },
                { key: 'done', dataIndex: 'done', title: l('已走访', 'Done'), align: 'right' },
                { key: 'missing', dataIndex: 'missing', title: l('未走访', 'Missing'), align: 'right' },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={l(`未走访农户（${data?.late.length ?? 0}）`, `Not visited (${data?.late.length ?? 0})`)}>
            <Table
              size="small"
              rowKey="householdId"
              dataSource={data?.late ?? []}
              pagination={{ pageSize: 10 }}
              columns={[
                { key: 'village', title: l('村', 'Village'), render: (_, row) => <RegionName code={row.villageCode} /> },
                { key: 'head', dataIndex: 'headName', title: l('户主', 'Head') },
                { key: 'cadre', title: l('包联干部', 'Cadre'), render: (_, row) => row.cadreName ?? <Tag color="red">{l('未包联', 'none')}</Tag> },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={l('疑似复制走访提示', 'Copied-visit flags')} data-testid="copy-flags">
            <ErrorMessage error={flags.error} />
            <Table
              size="small"
              rowKey={(row) => `${row.kind}|${row.recordedBy}|${row.visitIds.join(',')}`}
              dataSource={flags.data ?? []}
              pagination={{ pageSize: 10 }}
              columns={[
                { key: 'kind', title: l('类型', 'Kind'), render: (_, row) => <Tag color="volcano">{l.text(COPY_FLAG_LABELS[row.kind])}</Tag> },
                { key: 'who', dataIndex: 'recordedBy', title: l('录入人', 'Recorded by') },
                { key: 'detail', title: l('说明', 'Detail'), render: (_, row) => l.text(row.detail) },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
