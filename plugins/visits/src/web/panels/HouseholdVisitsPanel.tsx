import { useQuery } from '@tanstack/react-query';
import { EmptyState, ErrorMessage, LoadingState, pluginHref, useL, useShell, type SlotProps } from '@zhenxing/ui';
import { Button, List, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { useTRPC } from '../trpc.ts';

/** 农户详情 › 每月入户走访: this month's duty and status, and the latest visits with their findings. */
export default function HouseholdVisitsPanel({ householdId, villageCode }: SlotProps['household.detail']) {
  const l = useL();
  const { hasPermission } = useShell();
  const trpc = useTRPC();
  const prefill = useQuery(trpc.visits.prefill.queryOptions({ regionCode: villageCode, householdId }));
  const visits = useQuery(trpc.visits.list.queryOptions({ regionCode: villageCode, householdId, limit: 6 }));
  if (prefill.error || visits.error) return <ErrorMessage error={prefill.error ?? visits.error} />;
  if (!prefill.data || !visits.data) return <LoadingState skeleton />;
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }} data-testid="household-visits">
      <Space wrap>
        {prefill.data.dueThisMonth ? (
          prefill.data.visitedThisMonth ? (
            <Tag color="green">{l('本月已走访', 'Visited this month')}</Tag>
          ) : (
            <Tag color="orange">{l('本月待走访', 'Due this month')}</Tag>
          )
        ) : (
          <Tag>{l('无每月走访要求（一般农户）', 'No monthly duty (ordinary household)')}</Tag>
        )}
        {hasPermission('visits.visit.record') ? (
          <Link to={`${pluginHref('visits')}?household=${householdId}`}>
            <Button size="small" type="primary">
              {l('录入走访', 'Record a visit')}
            </Button>
          </Link>
        ) : null}
      </Space>
      {visits.data.length === 0 ? (
        <EmptyState description={l('该户还没有走访记录。', 'No visits recorded for this household.')} />
      ) : (
        <List
          size="small"
          dataSource={visits.data}
          renderItem={(visit) => (
            <List.Item key={visit.id}>
              <Space wrap>
                <Typography.Text>{visit.visitedOn}</Typography.Text>
                <span>{visit.visitors.join('、')}</span>
                {visit.checklistResult.findings.length === 0 ? (
                  <Tag color="green">{l('两不愁三保障及饮水安全', 'Basic needs secure')}</Tag>
                ) : (
                  visit.checklistResult.findings.map((finding) => (
                    <Tag key={finding.code + finding.message.en} color="orange">
                      {l.text(finding.message)}
                    </Tag>
                  ))
                )}
              </Space>
            </List.Item>
          )}
        />
      )}
    </Space>
  );
}
