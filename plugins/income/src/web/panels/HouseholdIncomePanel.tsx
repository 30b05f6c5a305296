import { useQuery } from '@tanstack/react-query';
import { ErrorMessage, formatFen, LoadingState, useL, type SlotProps } from '@zhenxing/ui';
import { Descriptions, Space, Tag } from 'antd';
import { PLAN_MEASURE_LABELS } from '../../index.ts';
import { useTRPC } from '../trpc.ts';

/** 农户详情 › 收入与增收计划: this year's per-capita income, changes, and the household's plans. */
export default function HouseholdIncomePanel({ householdId, villageCode }: SlotProps['household.detail']) {
  const l = useL();
  const trpc = useTRPC();
  const income = useQuery(trpc.income.household.queryOptions({ regionCode: villageCode, householdId }));
  const plans = useQuery(trpc.income.plans.list.queryOptions({ regionCode: villageCode, householdId }));
  if (income.error || plans.error) return <ErrorMessage error={income.error ?? plans.error} />;
  if (!income.data || !plans.data) return <LoadingState skeleton />;
  const data = income.data;
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }} data-testid="household-income">
      <Descriptions size="small" column={2}>
        <Descriptions.Item label={l(`${data.year}年人均纯收入`, `Per capita ${data.year}`)}>{formatFen(data.perCapitaFen)}</Descriptions.Item>
        <Descriptions.Item label={l('上年', 'Last year')}>{formatFen(data.previousYearPerCapitaFen)}</Descriptions.Item>
        <Descriptions.Item label={l('同比变化', 'Year on year')}>{formatFen(data.yearOnYearChangeFen)}</Descriptions.Item>
        <Descriptions.Item label={l('年内变化', 'In year')}>{formatFen(data.inYearChangeFen)}</Descriptions.Item>
      </Descriptions>
      {plans.data.map((plan) => (
        <Space key={plan.id} wrap>
          <Tag color={plan.overdue ? 'red' : 'blue'}>{l('增收计划', 'Plan')}</Tag>
          {plan.measures.map((measure) => (
            <Tag key={measure}>{l.text(PLAN_MEASURE_LABELS[measure])}</Tag>
          ))}
          <span>
            {plan.cadreName} · {plan.dueOn} · {plan.progress}%
          </span>
        </Space>
      ))}
    </Space>
  );
}
