import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  ChangedTag,
  DataTable,
  ErrorMessage,
  EvaluateUnder,
  LoadingState,
  ParameterChanges,
  StatusBadge,
  applyFieldErrors,
  RegionName,
  useL,
  useRegion,
  useShell,
  useConfirm,
  useTableParams,
  type DataColumn,
} from '@zhenxing/ui';
import { Alert, App, Button, Checkbox, Drawer, Form, Input, Space, Tabs, Tag } from 'antd';
import { useState } from 'react';
import type { EliminationRecord, ObjectRecord } from '../../index.ts';
import { ELIMINATION_STEP_STATUSES, OBJECT_TYPE_LABELS } from '../labels.ts';
import { HouseholdLink, householdLabel } from '../components.tsx';
import { useTRPC } from '../trpc.ts';

/** 风险消除: check the rules for a monitored household, propose, then village review → notice → county approval. */
export default function EliminationsPage() {
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const shell = useShell();
  const objects = useQuery(trpc.monitoring.objects.list.queryOptions({ regionCode: region.code, status: 'monitored', limit: 500 }));
  const eliminations = useQuery(trpc.monitoring.eliminations.list.queryOptions({ regionCode: region.code }));
  const objectParams = useTableParams({ pageSize: 20 });
  const eliminationParams = useTableParams({ pageSize: 20 });
  const [checking, setChecking] = useState<ObjectRecord | null>(null);
  const objectColumns: DataColumn<ObjectRecord>[] = [
    {
      key: 'householdId',
      title: l('农户', 'Household'),
      render: (_, row) => <HouseholdLink householdId={row.householdId} headName={row.headName} />,
      exportValue: (row) => householdLabel(row, l),
    },
    { key: 'objectType', title: l('类型', 'Type'), render: (_, row) => l.text(OBJECT_TYPE_LABELS[row.objectType]) },
    { key: 'includedOn', title: l('纳入日期', 'Included on') },
    {
      key: 'actions',
      title: l('操作', 'Actions'),
      render: (_, row) => (
        <Button size="small" onClick={() => setChecking(row)}>
          {shell.hasPermission('monitoring.elimination.village') ? l('检查并申请消除', 'Check / propose') : l('检查条件', 'Check')}
        </Button>
      ),
    },
  ];
  const eliminationColumns: DataColumn<EliminationRecord>[] = [
    { key: 'id', title: l('编号', 'No.') },
    {
      key: 'householdId',
      title: l('农户', 'Household'),
      render: (_, row) => <HouseholdLink householdId={row.householdId} headName={row.headName} />,
      exportValue: (row) => householdLabel(row, l),
    },
    { key: 'step', title: l('环节', 'Step'), render: (_, row) => <StatusBadge status={row.step} statuses={ELIMINATION_STEP_STATUSES} /> },
    { key: 'proposedOn', title: l('申请日期', 'Proposed on') },
    { key: 'noticePostedOn', title: l('公示张贴', 'Notice posted'), render: (_, row) => row.noticePostedOn ?? '—' },
    { key: 'actions', title: l('办理', 'Act'), render: (_, row) => <EliminationActions row={row} /> },
  ];
  const page = <T,>(rows: readonly T[] | undefined, params: { page: number; pageSize: number }) =>
    rows?.slice((params.page - 1) * params.pageSize, params.page * params.pageSize);
  return (
    <div data-testid="monitoring-eliminations">
      <h1 className="zx-page-title">{l('风险消除', 'Risk elimination')}</h1>
      <Tabs
        items={[
          {
            key: 'objects',
            label: l('监测户', 'Monitored households'),
            children: (
              <DataTable<ObjectRecord>
                tableId="monitoring-objects"
                columns={objectColumns}
                rows={page(objects.data, objectParams.params)}
                total={objects.data?.length}
                loading={objects.isFetching}
                error={objects.error}
                onRetry={() => void objects.refetch()}
                params={objectParams.params}
                onParamsChange={objectParams.setParams}
                rowKey="id"
              />
            ),
          },
          {
            key: 'eliminations',
            label: l('消除申请', 'Proposals'),
            children: (
              <DataTable<EliminationRecord>
                tableId="monitoring-eliminations"
                columns={eliminationColumns}
                rows={page(eliminations.data, eliminationParams.params)}
                total={eliminations.data?.length}
                loading={eliminations.isFetching}
                error={eliminations.error}
                onRetry={() => void eliminations.refetch()}
                params={eliminationParams.params}
                onParamsChange={eliminationParams.setParams}
                rowKey="id"
              />
            ),
          },
        ]}
      />
      {checking ? <CheckDrawer object={checking} onClose={() => setChecking(null)} /> : null}
    </div>
  );
}

interface Facts {
  incomeAboveLineSince?: string;
  basicNeedsSecure: boolean;
  drinkingWaterSecure: boolean;
  comment?: string;
}

function CheckDrawer({ object, onClose }: { object: ObjectRecord; onClose: () => void }) {
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const shell = useShell();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<Facts>();
  const confirm = useConfirm();
  const [facts, setFacts] = useState<Facts | null>(null);
  const check = useQuery({
    ...trpc.monitoring.eliminations.check.queryOptions({
      regionCode: region.code,
      objectId: object.id,
      incomeAboveLineSince: facts?.incomeAboveLineSince || null,
      basicNeedsSecure: facts?.basicNeedsSecure ?? false,
      drinkingWaterSecure: facts?.drinkingWaterSecure ?? false,
    }),
    enabled: facts !== null,
  });
  const propose = useMutation(trpc.monitoring.eliminations.propose.mutationOptions());
  const submit = async () => {
    const values = form.getFieldsValue();
    try {
      await propose.mutateAsync({
        regionCode: region.code,
        objectId: object.id,
        incomeAboveLineSince: values.incomeAboveLineSince || null,
        basicNeedsSecure: values.basicNeedsSecure ?? false,
        drinkingWaterSecure: values.drinkingWaterSecure ?? false,
        comment: values.comment ?? '',
        attachments: [],
      });
      await queryClient.invalidateQueries({ queryKey: trpc.monitoring.pathKey() });
      message.success(l('已提交风险消除申请，进入村民主评议', 'Proposal submitted for village review'));
      onClose();
    } catch (error) {
      applyFieldErrors(form, error, l.locale);
    }
  };
  const decision = check.data?.decision;
  return (
    <Drawer
      open
      onClose={onClose}
      title={
        <span data-testid="elimination-household">
          {l('风险消除条件：', 'Elimination check: ')}
          <HouseholdLink householdId={object.householdId} headName={object.headName} />
          <span style={{ marginLeft: 8, fontWeight: 'normal' }}>
            <RegionName code={object.villageCode} />
          </span>
        </span>
      }
      size={440}
    >
      {/* Nothing is pre-ticked (issue 23): the cadre ticks what was verified; a change needs a new check. */}
      <Form<Facts>
        form={form}
        layout="vertical"
        initialValues={{ basicNeedsSecure: false, drinkingWaterSecure: false }}
        onFinish={(values) => setFacts(values)}
        onValuesChange={() => setFacts(null)}
      >
        <Form.Item name="incomeAboveLineSince" label={l('人均收入稳定高于监测范围起始日', 'Income above the line since')}>
          <Input type="date" />
        </Form.Item>
        <Form.Item name="basicNeedsSecure" valuePropName="checked">
          <Checkbox>{l('“三保障”稳定', 'Basic needs (schooling, health, housing) secure')}</Checkbox>
        </Form.Item>
        <Form.Item name="drinkingWaterSecure" valuePropName="checked">
          <Checkbox>{l('饮水安全有保障', 'Drinking water secure')}</Checkbox>
        </Form.Item>
        <Form.Item name="comment" label={l('说明', 'Comment')}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Space wrap>
          <Button htmlType="submit" loading={check.isFetching}>
            {l('检查条件', 'Check')}
          </Button>
          {shell.hasPermission('monitoring.elimination.village') ? (
            <Button
              type="primary"
              data-testid="elimination-propose"
              disabled={!decision?.eligible || check.isFetching}
              loading={propose.isPending}
              onClick={() =>
                confirm({
                  title: l('确认申请风险消除？', 'Propose risk elimination?'),
                  content: l(
                    `${object.headName ? `${object.headName}户` : '该户'}将进入村民主评议、公示和县级审定。`,
                    `${object.headName ?? 'The household'} goes to village review, notice and county approval.`,
                  ),
                  okText: l('确认申请', 'Propose'),
                  onOk: submit,
                })
              }
            >
              {l('申请风险消除', 'Propose elimination')}
            </Button>
          ) : null}
        </Space>
      </Form>
      <div style={{ marginTop: 16 }}>
        <ErrorMessage error={check.error ?? propose.error} />
        {decision ? (
          <Alert
            type={decision.eligible ? 'success' : 'warning'}
            showIcon
            title={decision.eligible ? l('符合风险消除条件', 'Meets the conditions') : l('暂不符合风险消除条件', 'Does not meet the conditions yet')}
            description={
              <ul style={{ margin: 0, paddingLeft: 18 }}>
                {decision.blockers.map((blocker, index) => (
                  <li key={index}>{l.text(blocker.message)}</li>
                ))}
                {decision.earliestTimeConditionsMetOn ? (
                  <li>{l(`时间条件最早满足：${decision.earliestTimeConditionsMetOn}`, `Time conditions met from ${decision.earliestTimeConditionsMetOn}`)}</li>
                ) : null}
                <li>
                  <Tag>{l(`参数版本 ${decision.parameterVersion}`, `Parameters ${decision.parameterVersion}`)}</Tag>
                </li>
              </ul>
            }
          />
        ) : null}
        {decision && facts ? (
          <div style={{ marginTop: 12 }}>
            <EvaluateUnder testId="elimination-evaluate-under" recordedVersion={decision.parameterVersion} regionCode={region.code}>
              {(version) => <EliminationReplay objectId={object.id} facts={facts} recordedVersion={decision.parameterVersion} version={version} />}
            </EvaluateUnder>
          </div>
        ) : null}
      </div>
    </Drawer>
  );
}

/** The same facts under another published set: eligible or not, the blockers each time, and why they differ. */
function EliminationReplay({ objectId, facts, recordedVersion, version }: { objectId: number; facts: Facts; recordedVersion: string; version: string }) {
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const replay = useQuery(
    trpc.monitoring.eliminations.replay.queryOptions({
      regionCode: region.code,
      objectId,
      incomeAboveLineSince: facts.incomeAboveLineSince || null,
      basicNeedsSecure: facts.basicNeedsSecure ?? false,
      drinkingWaterSecure: facts.drinkingWaterSecure ?? false,
      recordedVersion,
      version,
    }),
  );
  if (replay.error) return <ErrorMessage error={replay.error} />;
  if (!replay.data) return <LoadingState />;
  const { recorded, replayed } = replay.data;
  const verdict = (decision: typeof recorded, parameterVersion: string) => (
    <li>
      <Tag>{parameterVersion}</Tag>
      {decision.eligible ? l('符合风险消除条件', 'meets the conditions') : l('暂不符合', 'does not meet them yet')}
      {decision.blockers.length ? `：${decision.blockers.map((blocker) => l.text(blocker.message)).join('；')}` : ''}
      {decision.earliestTimeConditionsMetOn
        ? l(`（时间条件最早满足：${decision.earliestTimeConditionsMetOn}）`, ` (time conditions from ${decision.earliestTimeConditionsMetOn})`)
        : ''}
    </li>
  );
  return (
    <div data-testid="replay-result" data-changed={String(replay.data.changed)} style={{ marginTop: 8 }}>
      <ChangedTag changed={replay.data.changed} />
      <ul style={{ margin: '4px 0 0', paddingLeft: 18 }}>
        {verdict(recorded, replay.data.recordedVersion)}
        {verdict(replayed, replay.data.replayedVersion)}
      </ul>
      <ParameterChanges changes={replay.data.parameterChanges} />
    </div>
  );
}

function EliminationActions({ row }: { row: EliminationRecord }) {
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const shell = useShell();
  const queryClient = useQueryClient();
  const { message, modal } = App.useApp();
  const [error, setError] = useState<unknown>(null);
  const review = useMutation(trpc.monitoring.eliminations.villageReview.mutationOptions());
  const post = useMutation(trpc.monitoring.eliminations.postNotice.mutationOptions());
  const complete = useMutation(trpc.monitoring.eliminations.completeNotice.mutationOptions());
  const approve = useMutation(trpc.monitoring.eliminations.approve.mutationOptions());
  const village = shell.hasPermission('monitoring.elimination.village');
  const county = shell.hasPermission('monitoring.elimination.approve');
  const run = async (action: () => Promise<unknown>, success: string) => {
    setError(null);
    try {
      await action();
      await queryClient.invalidateQueries({ queryKey: trpc.monitoring.pathKey() });
      message.success(success);
    } catch (caught) {
      setError(caught);
    }
  };
  const withReason = (title: string, action: (comment: string) => Promise<unknown>, success: string) => {
    let comment = '';
    modal.confirm({
      title,
      content: <Input.TextArea rows={3} onChange={(event) => (comment = event.target.value)} placeholder={l('理由（必填）', 'Reason (required)')} />,
      onOk: () => run(() => action(comment), success),
    });
  };
  const base = { regionCode: region.code, eliminationId: row.id, comment: '', attachments: [] };
  return (
    <Space orientation="vertical" size={4}>
      <Space wrap size={4}>
        {row.step === 'village-review' && village ? (
          <>
            <Button
              size="small"
              type="primary"
              onClick={() => void run(() => review.mutateAsync({ ...base, decision: 'pass' }), l('评议通过', 'Review passed'))}
            >
              {l('评议通过', 'Pass')}
            </Button>
            <Button
              size="small"
              danger
              onClick={() =>
                withReason(l('评议不通过', 'Reject'), (comment) => review.mutateAsync({ ...base, decision: 'reject', comment }), l('已不通过', 'Rejected'))
              }
            >
              {l('不通过', 'Reject')}
            </Button>
          </>
        ) : null}
        {row.step === 'village-notice' && village && !row.noticePostedOn ? (
          <Button size="small" type="primary" onClick={() => void run(() => post.mutateAsync(base), l('公示已张贴', 'Notice posted'))}>
            {l('张贴公示', 'Post notice')}
          </Button>
        ) : null}
        {row.step === 'village-notice' && village && row.noticePostedOn ? (
          <Button size="small" type="primary" onClick={() => void run(() => complete.mutateAsync(base), l('公示期满，已报县级审定', 'Notice completed'))}>
            {l('结束公示', 'End notice')}
          </Button>
        ) : null}
        {row.step === 'county-approval' && county ? (
          <>
            <Button
              size="small"
              type="primary"
              data-testid="elimination-approve"
              onClick={() =>
                modal.confirm({
                  title: l('确认审定消除风险？', 'Approve the risk elimination?'),
                  content: l(
                    `${row.headName ? `${row.headName}户` : '该户'}将标注为风险已消除，不再按监测户帮扶。审定后不可撤销，并记入审计日志。`,
                    `${row.headName ?? 'The household'} will be marked risk-eliminated. This cannot be undone and is audited.`,
                  ),
                  okText: l('确认审定', 'Approve'),
                  cancelText: l('取消', 'Cancel'),
                  centered: true,
                  onOk: () => run(() => approve.mutateAsync({ ...base, decision: 'approve' }), l('已审定消除风险', 'Risk elimination approved')),
                })
              }
            >
              {l('审定消除', 'Approve')}
            </Button>
            <Button
              size="small"
              onClick={() =>
                withReason(l('退回', 'Return'), (comment) => approve.mutateAsync({ ...base, decision: 'return', comment }), l('已退回', 'Returned'))
              }
            >
              {l('退回', 'Return')}
            </Button>
            <Button
              size="small"
              danger
              onClick={() =>
                withReason(l('不予消除', 'Reject'), (comment) => approve.mutateAsync({ ...base, decision: 'reject', comment }), l('已不予消除', 'Rejected'))
              }
            >
              {l('不予消除', 'Reject')}
            </Button>
          </>
        ) : null}
      </Space>
      <ErrorMessage error={error} />
    </Space>
  );
}
