/**
 * 稳岗就业: this year against last year and the target per county (counties record, the province sets
 * targets), and 脱贫劳动力 by how they work per village from the registry.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ErrorMessage, formatBasisPoints, useL, useRegion, useShell, RegionName } from '@zhenxing/ui';
import { App, Button, Card, Col, Form, Input, InputNumber, Row, Space, Statistic, Table, Tag } from 'antd';
import { useState } from 'react';
import { EMPLOYMENT_KIND_LABELS, EMPLOYMENT_KINDS, type EmploymentComparisonRow, type EmploymentRow } from '../../index.ts';
import { useTRPC } from '../trpc.ts';

const FIELDS = [
  ['local', { 'zh-CN': '本地务工', en: 'Local' }],
  ['outsideCounty', { 'zh-CN': '县外省内', en: 'Outside the county' }],
  ['outsideProvince', { 'zh-CN': '省外', en: 'Outside the province' }],
  ['publicWelfareJobs', { 'zh-CN': '公益性岗位', en: 'Public-welfare jobs' }],
] as const;

type Counts = Record<(typeof FIELDS)[number][0], number>;

/** This year against last year and the target, per county, with the county's and the province's forms. */
function Comparison() {
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const { hasPermission } = useShell();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [year, setYear] = useState(String(new Date().getFullYear()));
  const valid = /^\d{4}$/.test(year);
  const compare = useQuery({ ...trpc.income.stableEmployment.compare.queryOptions({ regionCode: region.code, year: Number(year) }), enabled: valid });
  const record = useMutation(trpc.income.stableEmployment.record.mutationOptions());
  const target = useMutation(trpc.income.stableEmployment.setTarget.mutationOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.income.stableEmployment.pathKey() });
  const county = region.code.length === 6 && hasPermission('income.employment.record');
  const province = hasPermission('income.employment.target');
  const [targetCounty, setTargetCounty] = useState('');
  const [targetValue, setTargetValue] = useState<number | null>(null);
  const employed = (row: EmploymentComparisonRow, which: 'current' | 'lastYear') => row[which]?.employed ?? '—';
  const rows = [...(compare.data?.counties ?? []), ...(compare.data && compare.data.counties.length > 1 ? [compare.data.total] : [])];
  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      title={l('务工规模：本年、上年与目标', 'In work: this year, last year, target')}
      data-testid="employment-comparison"
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <span>{l('年度', 'Year')}</span>
        <Input value={year} onChange={(event) => setYear(event.target.value)} style={{ width: 90 }} />
      </Space>
      <ErrorMessage error={compare.error ?? record.error ?? target.error} />
      <div style={{ overflowX: 'auto' }}>
        <Table<EmploymentComparisonRow>
          size="small"
          rowKey="regionCode"
          pagination={false}
          loading={compare.isPending && valid}
          dataSource={rows}
          scroll={{ x: 600 }}
          columns={[
            { key: 'region', title: l('地区', 'Region'), render: (_, row) => row.regionName },
            { key: 'current', title: l('本年务工', 'This year'), align: 'right', render: (_, row) => employed(row, 'current') },
            { key: 'last', title: l('上年务工', 'Last year'), align: 'right', render: (_, row) => employed(row, 'lastYear') },
            { key: 'change', title: l('同比', 'Change'), align: 'right', render: (_, row) => formatBasisPoints(row.changeBasisPoints) },
            { key: 'target', title: l('目标', 'Target'), align: 'right', render: (_, row) => row.targetEmployed ?? '—' },
            { key: 'share', title: l('完成目标', 'Of target'), align: 'right', render: (_, row) => formatBasisPoints(row.targetBasisPoints) },
          ]}
        />
      </div>
      {compare.data && compare.data.notEnabled.length > 0 ? (
        <div style={{ marginTop: 8 }}>
          {compare.data.notEnabled.map((row) => (
            <Tag key={row.regionName}>
              {row.regionName} · {l('未启用', 'not enabled')}
            </Tag>
          ))}
        </div>
      ) : null}
      {county && valid ? (
        <Form<Counts>
          layout="inline"
          style={{ marginTop: 12, rowGap: 8 }}
          data-testid="employment-record"
          onFinish={(values) =>
            record.mutate(
              { regionCode: region.code, year: Number(year), ...values },
              {
                onSuccess: async () => {
                  await refresh();
                  message.success(l('已保存', 'Saved'));
                },
              },
            )
          }
        >
          {FIELDS.map(([name, title]) => (
            <Form.Item key={name} name={name} label={l.text(title)} rules={[{ required: true, message: l('必填', 'Required') }]}>
              <InputNumber min={0} precision={0} style={{ width: 110 }} />
            </Form.Item>
          ))}
          <Button type="primary" htmlType="submit" loading={record.isPending}>
            {l(`记录 ${year} 年`, `Record ${year}`)}
          </Button>
        </Form>
      ) : null}
      {province && valid ? (
        <Space wrap style={{ marginTop: 12 }} data-testid="employment-target">
          <Input
            placeholder={l('县代码', 'County code')}
            value={targetCounty}
            onChange={(event) => setTargetCounty(event.target.value.trim())}
            style={{ width: 110 }}
          />
          <InputNumber placeholder={l('目标人数', 'Target')} min={0} precision={0} value={targetValue} onChange={setTargetValue} style={{ width: 120 }} />
          <Button
            disabled={targetValue === null || !/^\d{6}$/.test(targetCounty)}
            loading={target.isPending}
            onClick={() =>
              target.mutate(
                { regionCode: region.code, year: Number(year), countyCode: targetCounty, targetEmployed: targetValue ?? 0 },
                { onSuccess: () => refresh() },
              )
            }
          >
            {l('设定目标', 'Set target')}
          </Button>
        </Space>
      ) : null}
    </Card>
  );
}

export default function EmploymentPage() {
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const employment = useQuery(trpc.income.employment.queryOptions({ regionCode: region.code }));
  const total = employment.data?.total;
  return (
    <div data-testid="employment-page">
      <h1 className="zx-page-title">{l('稳岗就业', 'Stable employment')}</h1>
      <Comparison />
      <h2>{l('农户信息中的脱贫劳动力', 'Labour in the registry')}</h2>
      <ErrorMessage error={employment.error} />
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {EMPLOYMENT_KINDS.map((kind) => (
          <Col xs={12} lg={6} key={kind}>
            <Card size="small">
              <Statistic title={l.text(EMPLOYMENT_KIND_LABELS[kind])} value={total ? total.counts[kind] : '—'} loading={employment.isPending} />
            </Card>
          </Col>
        ))}
      </Row>
      <Table<EmploymentRow>
        size="small"
        rowKey="regionCode"
        loading={employment.isPending}
        dataSource={employment.data?.byVillage ?? []}
        columns={[
          { key: 'village', title: l('村', 'Village'), render: (_, row) => <RegionName code={row.regionCode} /> },
          ...EMPLOYMENT_KINDS.map((kind) => ({
            key: kind,
            title: l.text(EMPLOYMENT_KIND_LABELS[kind]),
            align: 'right' as const,
            render: (_: unknown, row: EmploymentRow) => row.counts[kind],
          })),
          { key: 'labour', dataIndex: 'labour', title: l('劳动力', 'Labour'), align: 'right' },
        ]}
      />
    </div>
  );
}
