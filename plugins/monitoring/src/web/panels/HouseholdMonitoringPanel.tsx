import { useQuery } from '@tanstack/react-query';
import { EmptyState, ErrorMessage, LoadingState, pluginHref, StatusBadge, useL, useShell, type SlotProps } from '@zhenxing/ui';
import { Descriptions, List, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { CountdownTag } from '../components.tsx';
import { CASE_STEP_STATUSES, MEASURE_KIND_LABELS, MEASURE_STATUS_LABELS, OBJECT_TYPE_LABELS, RISK_TYPE_LABELS, yuan } from '../labels.ts';
import { HouseholdEvaluateUnder } from '../replay.tsx';
import { useTRPC } from '../trpc.ts';

/** 农户详情 › 防止返贫监测: the household's cases (with the 15-day clock) and its assistance measures. */
export default function HouseholdMonitoringPanel({ householdId, villageCode }: SlotProps['household.detail']) {
  const l = useL();
  const trpc = useTRPC();
  const shell = useShell();
  const cases = useQuery(trpc.monitoring.cases.list.queryOptions({ regionCode: villageCode, householdId, limit: 20 }));
  const measures = useQuery(trpc.monitoring.measures.list.queryOptions({ regionCode: villageCode, householdId }));
  if (cases.error || measures.error) return <ErrorMessage error={cases.error ?? measures.error} />;
  if (!cases.data || !measures.data) return <LoadingState skeleton />;
  // §1 宽: the four categories today, and "evaluate under …" another published set (cadres who may evaluate).
  const evaluation = shell.hasPermission('monitoring.household.evaluate') ? (
    <div>
      <Typography.Text strong>{l('四类对象研判', 'Four-category evaluation')}</Typography.Text>
      <HouseholdEvaluateUnder householdId={householdId} regionCode={villageCode} />
    </div>
  ) : null;
  if (cases.data.length === 0 && measures.data.length === 0) {
    return (
      <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="household-monitoring">
        <EmptyState description={l('该户没有风险线索和监测记录。', 'No risk signals or monitoring records for this household.')} />
        {evaluation}
      </Space>
    );
  }
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="household-monitoring">
      {evaluation}
      <div>
        <Typography.Text strong>{l(`认定记录（${cases.data.length}）`, `Cases (${cases.data.length})`)}</Typography.Text>
        <List
          size="small"
          dataSource={cases.data}
          renderItem={(item) => (
            <List.Item data-testid="household-case" extra={<CountdownTag view={item} />}>
              <Space wrap>
                <Link to={pluginHref('monitoring', `cases/${item.id}`)}>{l(`认定 #${item.id}`, `Case #${item.id}`)}</Link>
                <StatusBadge status={item.step} statuses={CASE_STEP_STATUSES} />
                <span>{l(`发现于 ${item.discoveredOn}`, `found ${item.discoveredOn}`)}</span>
                {item.riskTypes.map((type) => (
                  <Tag key={type}>{l.text(RISK_TYPE_LABELS[type] ?? { 'zh-CN': type, en: type })}</Tag>
                ))}
                {item.objectType ? (
                  <Tag color="blue">{l.text(OBJECT_TYPE_LABELS[item.objectType] ?? { 'zh-CN': item.objectType, en: item.objectType })}</Tag>
                ) : null}
                {item.greenChannel ? <Tag color="green">{l('绿色通道', 'Green channel')}</Tag> : null}
              </Space>
            </List.Item>
          )}
        />
      </div>
      {measures.data.length > 0 ? (
        <div>
          <Typography.Text strong>{l(`帮扶措施（${measures.data.length}）`, `Measures (${measures.data.length})`)}</Typography.Text>
          {measures.data.map((measure) => (
            <Descriptions key={measure.id} size="small" column={{ xs: 1, sm: 2, lg: 4 }} style={{ marginTop: 8 }} data-testid="household-measure">
              <Descriptions.Item label={l('措施', 'Measure')}>
                {l.text(MEASURE_KIND_LABELS[measure.kind] ?? { 'zh-CN': measure.kind, en: measure.kind })}
              </Descriptions.Item>
              <Descriptions.Item label={l('责任单位', 'Unit')}>{measure.responsibleUnit}</Descriptions.Item>
              <Descriptions.Item label={l('金额（元）', 'Amount (yuan)')}>{measure.amountFen > 0 ? yuan(measure.amountFen) : '—'}</Descriptions.Item>
              <Descriptions.Item label={l('状态', 'Status')}>
                {l.text(MEASURE_STATUS_LABELS[measure.status] ?? { 'zh-CN': measure.status, en: measure.status })} · {measure.startOn}
              </Descriptions.Item>
            </Descriptions>
          ))}
        </div>
      ) : null}
    </Space>
  );
}
