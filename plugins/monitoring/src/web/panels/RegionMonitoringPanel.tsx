import { useQuery } from '@tanstack/react-query';
import { ErrorMessage, LoadingState, pluginHref, useL, type SlotProps } from '@zhenxing/ui';
import { Col, Row, Statistic } from 'antd';
import { Link } from 'react-router';
import { useTRPC } from '../trpc.ts';

/** 首页 › 防止返贫监测: monitored households and the identification clock of the selected region. */
export default function RegionMonitoringPanel({ regionCode }: SlotProps['region.dashboard']) {
  const l = useL();
  const trpc = useTRPC();
  const summary = useQuery(trpc.monitoring.dashboard.summary.queryOptions({ regionCode }));
  if (summary.error) return <ErrorMessage error={summary.error} />;
  if (!summary.data) return <LoadingState skeleton />;
  const { cases, coverage, objectsByStatus } = summary.data;
  const monitored = objectsByStatus.find((item) => item.key === 'monitored')?.value ?? 0;
  return (
    <div data-testid="region-monitoring">
      <Row gutter={[16, 16]}>
        <Col xs={12} md={6}>
          <Statistic title={l('监测对象（户）', 'Monitored households')} value={monitored} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={l('认定中', 'Open cases')} value={cases.open} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={l('已逾期', 'Overdue')} value={cases.overdue} valueStyle={cases.overdue > 0 ? { color: '#cf1322' } : undefined} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={l('帮扶覆盖率', 'Assistance coverage')} value={coverage.basisPoints / 100} precision={2} suffix="%" />
        </Col>
      </Row>
      <div style={{ marginTop: 8 }}>
        <Link to={pluginHref('monitoring')}>{l('进入监测工作台 →', 'Open the monitoring dashboard →')}</Link>
      </div>
    </div>
  );
}
