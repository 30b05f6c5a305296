/** 收入台账: households whose income fell or is low (the rules' reasons, parameter version), coverage, add a plan. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ErrorMessage, formatBasisPoints, formatFen, useL, useRegion, useShell, RegionName } from '@zhenxing/ui';
import { App, Button, Card, Col, Modal, Row, Space, Statistic, Table, Tag } from 'antd';
import { useState } from 'react';
import type { LedgerEntry } from '../../index.ts';
import { PlanForm } from '../components/PlanForm.tsx';
import { STATUS_LABELS } from '../labels.ts';
import { useTRPC } from '../trpc.ts';

export default function LedgerPage() {
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const { hasPermission } = useShell();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [planFor, setPlanFor] = useState<number | null>(null);
  const ledger = useQuery(trpc.income.ledger.list.queryOptions({ regionCode: region.code, status: 'all' }));
  const coverage = useQuery(trpc.income.ledger.coverage.queryOptions({ regionCode: region.code }));
  const rerun = useMutation(trpc.income.ledger.rerun.mutationOptions());
  const county = region.code.length >= 6;
  return (
    <div data-testid="ledger-page">
      <h1 className="zx-page-title">{l('收入台账', 'Income ledger')}</h1>
      <ErrorMessage error={ledger.error ?? coverage.error ?? rerun.error} />
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={12} lg={6}>
          <Card size="small">
            <Statistic title={l('在册户数', 'Open entries')} value={coverage.data?.open ?? '—'} />
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card size="small">
            <Statistic title={l('已制定计划', 'With a plan')} value={coverage.data?.withPlan ?? '—'} />
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card size="small" data-testid="ledger-coverage">
            <Statistic title={l('计划覆盖率', 'Plan coverage')} value={coverage.data ? formatBasisPoints(coverage.data.coverageBasisPoints) : '—'} />
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card size="small">
            <Statistic title={l('逾期计划', 'Overdue plans')} value={coverage.data?.plansOverdue ?? '—'} />
          </Card>
        </Col>
      </Row>
      {county && hasPermission('income.ledger.run') ? (
        <Space style={{ marginBottom: 12 }}>
          <Button
            loading={rerun.isPending}
            onClick={() =>
              rerun.mutate(
                { regionCode: region.code },
                {
                  onSuccess: async (summary) => {
                    await queryClient.invalidateQueries({ queryKey: trpc.income.pathKey() });
                    message.success(l(`已重新研判 ${summary.evaluated} 户`, `${summary.evaluated} households evaluated`));
                  },
                },
              )
            }
          >
            {l('重新研判本县', 'Re-run for the county')}
          </Button>
        </Space>
      ) : null}
      <Table<LedgerEntry>
        size="small"
        rowKey="id"
        scroll={{ x: 'max-content' }}
        loading={ledger.isPending}
        dataSource={ledger.data ?? []}
        expandable={{
          expandedRowRender: (entry) => (
            <Space orientation="vertical" size={2}>
              {entry.history.map((item, index) => (
                <span key={`${item.on}-${index}`}>
                  {item.on} · {l.text(STATUS_LABELS[item.status])} · {l('人均', 'per capita')} {formatFen(item.perCapitaFen)}
                  {item.fell ? ` · ${l('收入下降', 'fell')}` : ''}
                  {item.low ? ` · ${l('收入较低', 'low')}` : ''} · {item.parameterVersion}
                </span>
              ))}
            </Space>
          ),
        }}
        columns={[
          { key: 'household', dataIndex: 'householdId', title: l('户', 'Household') },
          { key: 'village', title: l('村', 'Village'), render: (_, row) => <RegionName code={row.villageCode} /> },
          {
            key: 'status',
            title: l('状态', 'Status'),
            render: (_, entry) => <Tag color={entry.status === 'open' ? 'orange' : 'green'}>{l.text(STATUS_LABELS[entry.status])}</Tag>,
          },
          { key: 'income', title: l('人均纯收入', 'Per capita'), align: 'right', render: (_, entry) => formatFen(entry.perCapitaFen) },
          { key: 'previous', title: l('上年', 'Last year'), align: 'right', render: (_, entry) => formatFen(entry.previousYearPerCapitaFen) },
          {
            key: 'reasons',
            title: l('原因', 'Reasons'),
            render: (_, entry) => (
              <Space wrap>
                {entry.reasons.map((item) => (
                  <Tag key={item.code}>{l.text(item.message)}</Tag>
                ))}
              </Space>
            ),
          },
          { key: 'version', dataIndex: 'parameterVersion', title: l('参数版本', 'Parameters') },
          {
            key: 'plan',
            title: l('增收计划', 'Plan'),
            render: (_, entry) =>
              entry.hasPlan ? (
                <Tag color="green">{l('已制定', 'planned')}</Tag>
              ) : entry.status === 'open' && hasPermission('income.plan.manage') ? (
                <Button size="small" type="primary" onClick={() => setPlanFor(entry.householdId)} data-testid={`add-plan-${entry.householdId}`}>
                  {l('制定计划', 'Add a plan')}
                </Button>
              ) : (
                <Tag>{l('未制定', 'none')}</Tag>
              ),
          },
        ]}
      />
      <Modal open={planFor !== null} title={l('制定增收计划', 'Income-increase plan')} footer={null} onCancel={() => setPlanFor(null)} destroyOnHidden>
        {planFor !== null ? <PlanForm householdId={planFor} onDone={() => setPlanFor(null)} /> : null}
      </Modal>
    </div>
  );
}
