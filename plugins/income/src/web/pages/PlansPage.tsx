/** 增收计划: every plan of the region, overdue ones marked; progress recorded here. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ErrorMessage, formatFen, useL, useRegion, useShell } from '@zhenxing/ui';
import { InputNumber, Space, Switch, Table, Tag } from 'antd';
import { useState } from 'react';
import { PLAN_MEASURE_LABELS, type PlanRecord } from '../../index.ts';
import { PLAN_STATUS_LABELS } from '../labels.ts';
import { useTRPC } from '../trpc.ts';

export default function PlansPage() {
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const { hasPermission } = useShell();
  const queryClient = useQueryClient();
  const [overdueOnly, setOverdueOnly] = useState(false);
  const plans = useQuery(trpc.income.plans.list.queryOptions({ regionCode: region.code, overdueOnly }));
  const progress = useMutation(trpc.income.plans.recordProgress.mutationOptions());
  const canManage = hasPermission('income.plan.manage');
  return (
    <div data-testid="plans-page">
      <h1 className="zx-page-title">{l('增收计划', 'Income-increase plans')}</h1>
      <Space style={{ marginBottom: 12 }}>
        <Switch checked={overdueOnly} onChange={setOverdueOnly} />
        <span>{l('只看逾期', 'Overdue only')}</span>
      </Space>
      <ErrorMessage error={plans.error ?? progress.error} />
      <Table<PlanRecord>
        size="small"
        rowKey="id"
        loading={plans.isPending}
        dataSource={plans.data ?? []}
        columns={[
          { key: 'household', dataIndex: 'householdId', title: l('户', 'Household') },
          {
            key: 'measures',
            title: l('措施', 'Measures'),
            render: (_, plan) => plan.measures.map((measure) => <Tag key={measure}>{l.text(PLAN_MEASURE_LABELS[measure])}</Tag>),
          },
          { key: 'cadre', dataIndex: 'cadreName', title: l('责任干部', 'Cadre') },
          { key: 'target', title: l('目标人均收入', 'Target'), align: 'right', render: (_, plan) => formatFen(plan.targetPerCapitaFen) },
          { key: 'due', dataIndex: 'dueOn', title: l('完成日期', 'Due') },
          {
            key: 'status',
            title: l('状态', 'Status'),
            render: (_, plan) => (plan.overdue ? <Tag color="red">{l('逾期', 'overdue')}</Tag> : <Tag>{l.text(PLAN_STATUS_LABELS[plan.status])}</Tag>),
          },
          {
            key: 'progress',
            title: l('进度（%）', 'Progress (%)'),
            render: (_, plan) =>
              canManage && plan.status === 'active' ? (
                <InputNumber
                  min={0}
                  max={100}
                  defaultValue={plan.progress}
                  onBlur={(event) => {
                    const value = Number(event.target.value);
                    if (Number.isInteger(value) && value !== plan.progress && value >= 0 && value <= 100) {
                      progress.mutate(
                        { regionCode: region.code, planId: plan.id, progress: value },
                        { onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.income.pathKey() }) },
                      );
                    }
                  }}
                />
              ) : (
                plan.progress
              ),
          },
        ]}
      />
    </div>
  );
}
