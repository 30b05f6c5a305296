/**
 * 收入分析: per sub-region, 脱贫户 per-capita income against the monitoring line, income growth
 * (click a bar to drill down; the region is in the URL, ?region=), ledger and plan coverage, and
 * 稳岗就业 against last year and the target. A region without the module shows 未启用, never 0;
 * a figure without data shows —.
 */
import { useQuery } from '@tanstack/react-query';
import { ChartCard, ErrorMessage, formatBasisPoints, useL, useRegion, useRegionInfo, type ChartOption, type Translate } from '@zhenxing/ui';
import { Breadcrumb, Button, Col, Input, Row, Space, Table, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { RegionIncomeRow } from '../../index.ts';
import { useTRPC } from '../trpc.ts';

const CODE = /^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/;

export default function AnalysisPage() {
  const l = useL();
  const shell = useRegion();
  const trpc = useTRPC();
  const [params, setParams] = useSearchParams();
  const asked = params.get('region');
  const regionCode = asked && CODE.test(asked) && asked.startsWith(shell.code) ? asked : shell.code;
  const [year, setYear] = useState(String(new Date().getFullYear()));
  const valid = /^\d{4}$/.test(year);
  const analysis = useQuery({ ...trpc.income.analysis.queryOptions({ regionCode, year: Number(year) }), enabled: valid });
  const rows = useMemo(() => analysis.data?.children ?? [], [analysis.data]);
  const drill = (code: string) => {
    const next = new URLSearchParams(params);
    next.set('region', code);
    setParams(next);
  };
  const drillable = (row: RegionIncomeRow | undefined): row is RegionIncomeRow & { regionCode: string } =>
    row !== undefined && row.enabled && row.regionCode !== null && row.regionCode.length > regionCode.length && row.regionCode.length < 12;

  const distribution = useMemo(() => distributionOption(rows, l), [rows, l]);
  const growth = useMemo(() => growthOption(rows, l), [rows, l]);
  const coverage = useMemo(() => coverageOption(rows, l), [rows, l]);
  const employment = useMemo(() => employmentOption(rows, l), [rows, l]);

  const onBar = ({ dataIndex }: { dataIndex: number }) => {
    const row = rows[dataIndex];
    if (row && drillable(row)) drill(row.regionCode);
  };
  // Names along the path (河北省 / 保定市 / …), never bare codes.
  const info = useRegionInfo(regionCode);
  const nameOf = (code: string) => info.data?.path.find((node) => node.code === code)?.name ?? (code === info.data?.code ? info.data.name : code);
  const path = [2, 4, 6, 9, 12].filter((length) => length >= shell.code.length && length <= regionCode.length).map((length) => regionCode.slice(0, length));
  const height = Math.max(200, rows.length * 34 + 60);
  const dash = (value: number | null | undefined, row: RegionIncomeRow) => (!row.enabled ? <Tag>{l('未启用', 'Not enabled')}</Tag> : (value ?? '—'));

  return (
    <div data-testid="analysis-page">
      <h1 className="zx-page-title">{l('收入分析', 'Income analysis')}</h1>
      <Space wrap style={{ marginBottom: 12 }}>
        <span>{l('年度', 'Year')}</span>
        <Input value={year} onChange={(event) => setYear(event.target.value)} style={{ width: 90 }} />
        <Breadcrumb
          data-testid="analysis-path"
          items={path.map((code) => ({
            title:
              code === regionCode ? (
                (analysis.data?.region.regionName ?? code)
              ) : (
                <Button type="link" size="small" onClick={() => drill(code)}>
                  {nameOf(code)}
                </Button>
              ),
          }))}
        />
      </Space>
      <ErrorMessage error={analysis.error} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <ChartCard
            title={l('人均纯收入与监测线', 'Per-capita income against the line')}
            option={distribution}
            height={height}
            loading={analysis.isPending && valid}
            empty={!distribution}
            summary={l('各地区脱贫户按人均纯收入相对监测线分布', 'Households by per-capita income against the monitoring line')}
          />
        </Col>
        <Col xs={24} xl={12}>
          <ChartCard
            title={l('收入增速（点击下钻）', 'Income growth (click to drill down)')}
            option={growth}
            height={height}
            loading={analysis.isPending && valid}
            empty={!growth}
            onItemClick={onBar}
            summary={l('各地区脱贫人口收入增速', 'Income growth by region')}
          />
        </Col>
        <Col xs={24} xl={12}>
          <ChartCard
            title={l('台账与增收计划覆盖', 'Ledger and plan coverage')}
            option={coverage}
            height={height}
            loading={analysis.isPending && valid}
            empty={!coverage}
            onItemClick={onBar}
          />
        </Col>
        <Col xs={24} xl={12}>
          <ChartCard
            title={l('稳岗就业：本年、上年与目标', 'Employment: this year, last year, target')}
            option={employment}
            height={height}
            loading={analysis.isPending && valid}
            empty={!employment}
            onItemClick={onBar}
          />
        </Col>
      </Row>
      <div style={{ overflowX: 'auto', marginTop: 16 }}>
        <Table<RegionIncomeRow>
          size="small"
          rowKey={(row) => row.regionCode ?? row.regionName}
          data-testid="analysis-table"
          loading={analysis.isPending && valid}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 640 }}
          columns={[
            {
              key: 'region',
              title: l('地区', 'Region'),
              render: (_, row) =>
                drillable(row) ? (
                  <Button type="link" size="small" onClick={() => drill(row.regionCode)} data-testid={`drill-${row.regionCode}`}>
                    {row.regionName}
                  </Button>
                ) : (
                  row.regionName
                ),
            },
            { key: 'households', title: l('脱贫户', 'Households'), align: 'right', render: (_, row) => dash(row.households, row) },
            {
              key: 'growth',
              title: l('收入增速', 'Growth'),
              align: 'right',
              render: (_, row) => (row.enabled ? formatBasisPoints(row.growthBasisPoints) : <Tag>{l('未启用', 'Not enabled')}</Tag>),
            },
            { key: 'ledger', title: l('台账户', 'Ledger'), align: 'right', render: (_, row) => dash(row.ledgerOpen, row) },
            {
              key: 'coverage',
              title: l('计划覆盖率', 'Plan coverage'),
              align: 'right',
              render: (_, row) => (row.enabled ? formatBasisPoints(row.coverageBasisPoints) : <Tag>{l('未启用', 'Not enabled')}</Tag>),
            },
            {
              key: 'employment',
              title: l('务工同比', 'Employment vs last year'),
              align: 'right',
              render: (_, row) => (row.enabled ? formatBasisPoints(row.employment?.changeBasisPoints) : <Tag>{l('未启用', 'Not enabled')}</Tag>),
            },
          ]}
        />
      </div>
    </div>
  );
}

// The four charts' options, built from the rows alone (pure, so each useMemo depends on rows and l only).

type Rows = readonly RegionIncomeRow[];
type BarSeries = { name: string; color: string; data: (number | null)[] };

/** A region's name on the axis; a region without the module says so instead of showing a 0. */
function axisLabel(row: RegionIncomeRow, l: Translate): string {
  return row.enabled ? row.regionName : `${row.regionName}（${l('未启用', 'not enabled')}）`;
}

/** Horizontal bars, one category per sub-region, with a legend. */
function horizontalBars(rows: Rows, l: Translate, series: BarSeries[], stack?: string): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: rows.map((row) => axisLabel(row, l)) },
    series: series.map(({ name, color, data }) => ({ name, type: 'bar', stack, itemStyle: { color }, data })),
  };
}

/** Null when no enabled region has the figure: the card shows its empty state, not a chart of zeros. */
const noneHave = (rows: Rows, has: (row: RegionIncomeRow) => boolean) => rows.filter((row) => row.enabled).every((row) => !has(row));

function distributionOption(rows: Rows, l: Translate): ChartOption | null {
  if (noneHave(rows, (row) => row.distribution !== null)) return null;
  const bands = [
    ['withinLine', l('监测线以内', 'Within the line'), '#d4380d'],
    ['toOneAndHalfLines', l('1–1.5 倍', '1–1.5× the line'), '#fa8c16'],
    ['toTwoLines', l('1.5–2 倍', '1.5–2×'), '#fadb14'],
    ['aboveTwoLines', l('2 倍以上', 'Above 2×'), '#52c41a'],
  ] as const;
  // 未启用 or no data: no bar (null), never a 0.
  const series = bands.map(([key, name, color]) => ({ name, color, data: rows.map((row) => (row.distribution ? row.distribution[key] : null)) }));
  return horizontalBars(rows, l, series, 'households');
}

function growthOption(rows: Rows, l: Translate): ChartOption | null {
  if (noneHave(rows, (row) => row.growthBasisPoints !== null)) return null;
  const percent = (value: unknown) => (typeof value === 'number' ? `${value.toFixed(2)}%` : '');
  return {
    tooltip: { trigger: 'axis', valueFormatter: (value) => percent(value) || '—' },
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    xAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', data: rows.map((row) => axisLabel(row, l)) },
    series: [
      {
        name: l('脱贫人口收入增速', 'Income growth'),
        type: 'bar',
        itemStyle: { color: '#1d5fd1' },
        label: { show: true, position: 'right', formatter: (item) => percent(item.value) },
        data: rows.map((row) => (row.growthBasisPoints === null ? null : row.growthBasisPoints / 100)),
      },
    ],
  };
}

function coverageOption(rows: Rows, l: Translate): ChartOption | null {
  if (noneHave(rows, (row) => Boolean(row.ledgerOpen))) return null;
  return horizontalBars(rows, l, [
    { name: l('台账户', 'On the ledger'), color: '#d4380d', data: rows.map((row) => row.ledgerOpen) },
    { name: l('有增收计划', 'With a plan'), color: '#52c41a', data: rows.map((row) => row.withPlan) },
  ]);
}

function employmentOption(rows: Rows, l: Translate): ChartOption | null {
  if (noneHave(rows, (row) => row.employment !== null)) return null;
  return horizontalBars(rows, l, [
    { name: l('上年务工', 'Last year'), color: '#bfbfbf', data: rows.map((row) => row.employment?.lastYear?.employed ?? null) },
    { name: l('本年务工', 'This year'), color: '#1d5fd1', data: rows.map((row) => row.employment?.current?.employed ?? null) },
    { name: l('目标', 'Target'), color: '#faad14', data: rows.map((row) => row.employment?.targetEmployed ?? null) },
  ]);
}
