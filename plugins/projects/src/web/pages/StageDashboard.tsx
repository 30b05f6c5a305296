import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Row, Statistic, Table } from 'antd';
import { ChartCard, type ChartOption, formatFen, QueryState, useL, useRegion } from '@zhenxing/ui';
import { useMemo } from 'react';
import { PROJECT_STAGES } from '../../index.ts';
import { RegionName } from '../components.tsx';
import { STAGES } from '../labels.ts';
import { useTRPC } from '../trpc.ts';

export default function StageDashboard() {
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const board = useQuery(trpc.projects.dashboard.byStage.queryOptions({ regionCode: region.code }));

  const option = useMemo<ChartOption | null>(() => {
    if (!board.data) return null;
    const data = board.data;
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 40, right: 16, top: 24, bottom: 56 },
      xAxis: { type: 'category', data: PROJECT_STAGES.map((stage) => l.text(STAGES[stage].label)), axisLabel: { interval: 0, rotate: 20 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', name: l('项目数', 'Projects'), data: PROJECT_STAGES.map((stage) => data.total[stage]), itemStyle: { color: '#1677ff' } }],
    } as ChartOption;
  }, [board.data, l]);

  return (
    <div data-testid="projects-dashboard">
      <h1 className="zx-page-title">{l('项目阶段统计', 'Projects by stage')}</h1>
      <QueryState query={board}>
        {(data) => {
          const total = PROJECT_STAGES.reduce((sum, stage) => sum + data.total[stage], 0);
          const budget = data.counties.reduce((sum, county) => sum + county.budgetFen, 0);
          const paid = data.counties.reduce((sum, county) => sum + county.paidFen, 0);
          return (
            <>
              {data.countiesWithoutModule.length ? (
                <Alert
                  style={{ marginBottom: 16 }}
                  type="info"
                  showIcon
                  title={l(
                    `${data.countiesWithoutModule.length} 个县未启用项目库模块，未计入统计`,
                    `${data.countiesWithoutModule.length} counties have not enabled the module and are not counted`,
                  )}
                />
              ) : null}
              <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
                <Col xs={12} md={6}>
                  <Card size="small">
                    <Statistic title={l('项目总数', 'Projects')} value={total} />
                  </Card>
                </Col>
                <Col xs={12} md={6}>
                  <Card size="small">
                    <Statistic title={l('项目预算（元）', 'Budget (yuan)')} value={formatFen(budget)} />
                  </Card>
                </Col>
                <Col xs={12} md={6}>
                  <Card size="small">
                    <Statistic title={l('已拨付（元）', 'Paid (yuan)')} value={formatFen(paid)} />
                  </Card>
                </Col>
                <Col xs={12} md={6}>
                  <Card size="small">
                    <Statistic
                      title={l('受益脱贫户 / 监测户', 'Households out of poverty / monitored')}
                      value={`${data.povertyExitedHouseholds} / ${data.monitoredHouseholds}`}
                    />
                  </Card>
                </Col>
              </Row>
              <ChartCard
                title={l('各阶段项目数', 'Projects per stage')}
                option={option}
                empty={total === 0}
                summary={PROJECT_STAGES.map((stage) => `${l.text(STAGES[stage].label)} ${data.total[stage]}`).join('，')}
              />
              <Card size="small" title={l('分县统计', 'Per county')} style={{ marginTop: 16 }}>
                <Table
                  size="small"
                  rowKey="countyCode"
                  pagination={false}
                  scroll={{ x: 'max-content' }}
                  dataSource={data.counties}
                  columns={[
                    { key: 'county', title: l('县（市、区）', 'County'), render: (_, row) => <RegionName code={row.countyCode} /> },
                    ...PROJECT_STAGES.map((stage) => ({
                      key: stage,
                      title: l.text(STAGES[stage].label),
                      align: 'right' as const,
                      render: (_: unknown, row: (typeof data.counties)[number]) => row.byStage[stage],
                    })),
                    { key: 'priority', title: l('优先项目', 'Priority'), align: 'right' as const, dataIndex: 'priority' },
                    { key: 'budget', title: l('预算（元）', 'Budget'), align: 'right' as const, render: (_, row) => formatFen(row.budgetFen) },
                    { key: 'paid', title: l('已拨付（元）', 'Paid'), align: 'right' as const, render: (_, row) => formatFen(row.paidFen) },
                  ]}
                />
              </Card>
            </>
          );
        }}
      </QueryState>
    </div>
  );
}
