/** 帮扶进度: progress against the year's targets per system, kind and region (drill-down), the counties lacking a required system, the summary export. */
import { useMutation, useQuery } from '@tanstack/react-query';
import { ChartCard, downloadBase64, ErrorMessage, useL, useRegion, useShell, type ChartOption } from '@zhenxing/ui';
import { App, Button, Card, Col, InputNumber, List, Row, Select, Space, Statistic, Table, Tag } from 'antd';
import { useMemo, useState, type HTMLAttributes } from 'react';
import {
  INDICATORS,
  PAIRING_KIND_LABELS,
  PAIRING_KINDS,
  SYSTEM_LABELS,
  SYSTEMS,
  type AssistanceSystem,
  type PairingKind,
  type RelationshipProgress,
} from '../../index.ts';
import { formatIndicator, shanghaiYear } from '../format.ts';
import { useTRPC } from '../trpc.ts';

export default function ProgressPage() {
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const { message } = App.useApp();
  const { hasPermission } = useShell();
  const [year, setYear] = useState(shanghaiYear());
  const [system, setSystem] = useState<AssistanceSystem | undefined>();
  const [kind, setKind] = useState<PairingKind | undefined>();
  const summary = useQuery(trpc['social-assistance'].progress.summary.queryOptions({ regionCode: region.code, year }));
  const relationships = useQuery(trpc['social-assistance'].progress.relationships.queryOptions({ regionCode: region.code, year, system, kind }));
  const exportSummary = useMutation(trpc['social-assistance'].progress.export.mutationOptions());
  const data = summary.data;
  const chart = useMemo<ChartOption | null>(
    () =>
      data
        ? {
            tooltip: { trigger: 'axis' },
            legend: { bottom: 0 },
            grid: { left: 40, right: 16, top: 16, bottom: 48 },
            xAxis: { type: 'category', data: data.byRegion.map((row) => row.label) },
            yAxis: { type: 'value', minInterval: 1 },
            series: [
              { type: 'bar', name: l('帮扶关系', 'Relationships'), data: data.byRegion.map((row) => row.relationships) },
              { type: 'bar', name: l('已下达目标', 'With targets'), data: data.byRegion.map((row) => row.withTargets) },
              { type: 'bar', name: l('全部完成', 'All met'), data: data.byRegion.map((row) => row.met) },
            ],
          }
        : null,
    [data, l],
  );

  async function download() {
    try {
      const file = await exportSummary.mutateAsync({ regionCode: region.code, year });
      downloadBase64(file.contentBase64, file.fileName);
      message.success(l(`已导出 ${file.rows} 行`, `Exported ${file.rows} rows`));
    } catch {
      // shown below
    }
  }

  return (
    <div data-testid="assistance-progress">
      <h1 className="zx-page-title">{l('社会帮扶进度', 'Social assistance progress')}</h1>
      <Space wrap style={{ marginBottom: 16 }}>
        <span>{l('年度', 'Year')}</span>
        <InputNumber data-testid="progress-year" min={2000} max={2100} value={year} onChange={(value) => value && setYear(value)} />
        {hasPermission('social-assistance.assistance.read') && (
          <Button data-testid="progress-export" onClick={() => void download()} loading={exportSummary.isPending}>
            {l('导出汇总表', 'Export summary')}
          </Button>
        )}
      </Space>
      <ErrorMessage error={summary.error ?? exportSummary.error} />
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {SYSTEMS.map((code) => {
          const row = data?.bySystem.find((entry) => entry.system === code);
          return (
            <Col xs={12} lg={6} key={code}>
              <Card size="small" data-testid={`system-${code}`}>
                <Statistic
                  title={l.text(SYSTEM_LABELS[code])}
                  value={row ? `${row.met} / ${row.withTargets}` : '—'}
                  suffix={row ? l(`（共 ${row.relationships} 个）`, `(${row.relationships} in all)`) : undefined}
                  loading={summary.isPending}
                />
              </Card>
            </Col>
          );
        })}
      </Row>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} lg={14}>
          <ChartCard
            title={l('各地区完成情况', 'By region')}
            option={chart}
            loading={summary.isPending}
            empty={data?.byRegion.length === 0}
            summary={data?.byRegion.map((row) => `${row.label} ${row.met}/${row.withTargets}`).join('；')}
          />
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={l('未落实必需帮扶的县', 'Counties lacking a required relationship')} data-testid="counties-lacking">
            <List
              size="small"
              dataSource={data?.countiesLacking ?? []}
              locale={{ emptyText: l('所有县均已落实', 'Every county has them') }}
              renderItem={(row) => (
                <List.Item data-testid={`lacking-${row.countyCode}`}>
                  <span>{row.countyName}</span>
                  <Space wrap>
                    {row.missing.map((code) => (
                      <Tag color="red" key={code}>
                        {l.text(SYSTEM_LABELS[code])}
                      </Tag>
                    ))}
                  </Space>
                </List.Item>
              )}
            />
          </Card>
        </Col>
      </Row>
      {data && data.byRegion.length > 0 && region.code.length < 6 && (
        <Card size="small" title={l('分地区（点击下钻）', 'By region (drill down)')} style={{ marginBottom: 16 }}>
          <Table
            size="small"
            rowKey="regionCode"
            pagination={false}
            dataSource={data.byRegion}
            scroll={{ x: 'max-content' }}
            columns={[
              {
                key: 'label',
                title: l('地区', 'Region'),
                render: (_: unknown, row) => (
                  <Button type="link" size="small" data-testid={`drill-${row.regionCode}`} onClick={() => region.setRegion(row.regionCode)}>
                    {row.label}
                  </Button>
                ),
              },
              { key: 'relationships', dataIndex: 'relationships', title: l('帮扶关系', 'Relationships'), align: 'right' },
              { key: 'withTargets', dataIndex: 'withTargets', title: l('已下达目标', 'With targets'), align: 'right' },
              { key: 'met', dataIndex: 'met', title: l('全部完成', 'All met'), align: 'right' },
            ]}
          />
        </Card>
      )}
      <Card size="small" title={l('各帮扶关系目标完成情况', 'Each relationship against its targets')}>
        <Space wrap style={{ marginBottom: 8 }}>
          <Select
            allowClear
            style={{ width: 170 }}
            placeholder={l('帮扶体系', 'System')}
            value={system}
            onChange={(value) => setSystem(value)}
            options={SYSTEMS.map((code) => ({ value: code, label: l.text(SYSTEM_LABELS[code]) }))}
          />
          <Select
            allowClear
            style={{ width: 130 }}
            placeholder={l('结对类型', 'Kind')}
            value={kind}
            onChange={(value) => setKind(value)}
            options={PAIRING_KINDS.map((code) => ({ value: code, label: l.text(PAIRING_KIND_LABELS[code]) }))}
          />
        </Space>
        <ErrorMessage error={relationships.error} />
        <Table<RelationshipProgress>
          size="small"
          rowKey={(row) => row.relationship.id}
          loading={relationships.isPending}
          dataSource={relationships.data ?? []}
          scroll={{ x: 'max-content' }}
          onRow={(row) => ({ 'data-testid': `progress-row-${row.relationship.id}` }) as HTMLAttributes<HTMLElement>}
          columns={[
            { key: 'county', title: l('受援县', 'County'), render: (_: unknown, row) => row.relationship.countyName },
            {
              key: 'system',
              title: l('体系 / 类型', 'System / kind'),
              render: (_: unknown, row) =>
                `${l.text(SYSTEM_LABELS[row.relationship.system])}${row.relationship.kind ? ` · ${l.text(PAIRING_KIND_LABELS[row.relationship.kind])}` : ''}`,
            },
            { key: 'organisation', title: l('帮扶单位', 'Donor'), render: (_: unknown, row) => row.relationship.organisationName },
            {
              key: 'commitments',
              title: l('目标 / 完成', 'Target / result'),
              render: (_: unknown, row) => (
                <Space direction="vertical" size={0}>
                  {row.commitments
                    .filter((commitment) => commitment.target !== null || commitment.actual !== null)
                    .map((commitment) => (
                      <span key={commitment.indicator}>
                        {l.text(INDICATORS[commitment.indicator].label)}：{formatIndicator(commitment.indicator, commitment.actual, l.locale)} /{' '}
                        {formatIndicator(commitment.indicator, commitment.target, l.locale)}{' '}
                        {commitment.target !== null && (
                          <Tag color={commitment.met ? 'green' : 'orange'}>
                            {commitment.met ? l('完成', 'met') : `${(commitment.basisPoints / 100).toFixed(2)}%`}
                          </Tag>
                        )}
                      </span>
                    ))}
                </Space>
              ),
            },
            {
              key: 'met',
              title: l('状态', 'Status'),
              render: (_: unknown, row) =>
                row.withTargets === 0 ? (
                  <Tag>{l('未下达目标', 'no targets')}</Tag>
                ) : row.met ? (
                  <Tag color="green">{l('全部完成', 'all met')}</Tag>
                ) : (
                  <Tag color="orange">{`${row.metCount}/${row.withTargets}`}</Tag>
                ),
            },
          ]}
        />
      </Card>
    </div>
  );
}
