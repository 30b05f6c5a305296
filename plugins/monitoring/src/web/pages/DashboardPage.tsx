import { useQuery } from '@tanstack/react-query';
import { ChartCard, ErrorMessage, RegionNames, pluginHref, useL, useRegion, type ChartOption } from '@zhenxing/ui';
import { Alert, Card, Col, Row, Statistic } from 'antd';
import { Link } from 'react-router';
import { CASE_STEP_LABELS, OBJECT_TYPE_LABELS } from '../labels.ts';
import { useTRPC } from '../trpc.ts';

export default function DashboardPage() {
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const summary = useQuery(trpc.monitoring.dashboard.summary.queryOptions({ regionCode: region.code }));
  const trend = useQuery(trpc.monitoring.dashboard.trend.queryOptions({ regionCode: region.code, months: 12 }));
  const data = summary.data;
  const byType: ChartOption | null = data
    ? {
        tooltip: { trigger: 'item' },
        legend: { bottom: 0 },
        series: [
          {
            type: 'pie',
            radius: ['35%', '65%'],
            data: data.monitoredByType.map((item) => ({
              name: l.text(OBJECT_TYPE_LABELS[item.key] ?? { 'zh-CN': item.key, en: item.key }),
              value: item.value,
            })),
          },
        ],
      }
    : null;
  const byStep: ChartOption | null = data
    ? {
        tooltip: { trigger: 'axis' },
        grid: { left: 40, right: 16, top: 16, bottom: 60 },
        xAxis: {
          type: 'category',
          data: data.casesByStep.map((item) => l.text(CASE_STEP_LABELS[item.key as keyof typeof CASE_STEP_LABELS] ?? { 'zh-CN': item.key, en: item.key })),
          axisLabel: { rotate: 30 },
        },
        yAxis: { type: 'value', minInterval: 1 },
        series: [{ type: 'bar', data: data.casesByStep.map((item) => item.value), itemStyle: { color: '#1677ff' } }],
      }
    : null;
  const monthly: ChartOption | null = trend.data
    ? {
        tooltip: { trigger: 'axis' },
        legend: { bottom: 0, type: 'scroll' },
        grid: { left: 40, right: 16, top: 16, bottom: 80 },
        xAxis: { type: 'category', data: trend.data.months.map((item) => item.month) },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          { type: 'line', name: l('风险线索', 'Signals'), data: trend.data.months.map((item) => item.signals) },
          { type: 'line', name: l('启动认定', 'Cases opened'), data: trend.data.months.map((item) => item.casesOpened) },
          { type: 'line', name: l('纳入监测', 'Included'), data: trend.data.months.map((item) => item.included) },
          { type: 'line', name: l('消除风险', 'Eliminated'), data: trend.data.months.map((item) => item.eliminated) },
        ],
      }
    : null;
  const coverage = data ? (data.coverage.basisPoints / 100).toFixed(1) : null;
  const cards = data
    ? [
        { key: 'monitored', title: l('监测户', 'Monitored'), value: data.coverage.monitored },
        { key: 'open', title: l('认定中', 'Open cases'), value: data.cases.open },
        { key: 'overdue', title: l('认定逾期', 'Overdue'), value: data.cases.overdue, danger: data.cases.overdue > 0, link: 'overdue' },
        { key: 'green', title: l('绿色通道办理中', 'Green channel open'), value: data.cases.greenChannelOpen, link: 'overdue' },
        { key: 'coverage', title: l('帮扶措施覆盖率', 'Measure coverage'), value: `${coverage}%` },
        { key: 'included', title: l('累计纳入（按时）', 'Included (on time)'), value: `${data.cases.included}（${data.cases.includedOnTime}）` },
      ]
    : [];
  return (
    <div data-testid="monitoring-dashboard">
      <h1 className="zx-page-title">{l('监测工作台', 'Monitoring dashboard')}</h1>
      <ErrorMessage error={summary.error} />
      {data && data.countiesWithoutModule.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="counties-without-module"
          title={l(
            `本区域有 ${data.countiesWithoutModule.length} 个县（区）未启用本模块，未计入统计。`,
            `${data.countiesWithoutModule.length} counties here have not enabled the module and are not counted.`,
          )}
          description={<RegionNames codes={data.countiesWithoutModule} separator={l('、', ', ')} />}
        />
      ) : null}
      <Row gutter={[16, 16]}>
        {cards.map((card) => (
          <Col key={card.key} xs={12} md={8} xl={4}>
            <Card size="small" data-testid={`stat-${card.key}`}>
              <Statistic
                title={card.link ? <Link to={pluginHref('monitoring', card.link)}>{card.title}</Link> : card.title}
                value={card.value}
                styles={{ content: card.danger ? { color: '#cf1322' } : {} }}
              />
            </Card>
          </Col>
        ))}
        <Col xs={24} lg={8}>
          <ChartCard
            title={l('监测户类型', 'Monitored by type')}
            option={byType}
            loading={summary.isPending}
            error={summary.error}
            empty={data?.monitoredByType.length === 0}
          />
        </Col>
        <Col xs={24} lg={8}>
          <ChartCard
            title={l('认定环节分布', 'Cases by step')}
            option={byStep}
            loading={summary.isPending}
            error={summary.error}
            empty={data?.casesByStep.length === 0}
          />
        </Col>
        <Col xs={24} lg={8}>
          <ChartCard
            title={l('月度趋势', 'Monthly trend')}
            option={monthly}
            loading={trend.isPending}
            error={trend.error}
            onRetry={() => void trend.refetch()}
          />
        </Col>
      </Row>
    </div>
  );
}
