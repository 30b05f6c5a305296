import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { inferOutput } from '@trpc/tanstack-react-query';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Form, Input, Modal, Radio, Row, Select, Space, Steps, Table, Tag, Typography } from 'antd';
import {
  ChangedTag,
  describeError,
  ErrorMessage,
  EvaluateUnder,
  formatBasisPoints,
  formatFen,
  LoadingState,
  type Localized,
  newIdempotencyKey,
  ParameterChanges,
  parsePercentToBasisPoints,
  parseYuanToFen,
  QueryState,
  shanghaiToday,
  StatusBadge,
  useConfirm,
  useL,
  useRegion,
  useShell,
} from '@zhenxing/ui';
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { NOTICE_KINDS, type NoticeKind, type ProjectStage } from '../../index.ts';
import { RegionName, UrgencyTags } from '../components.tsx';
import { CATEGORIES, FUND_SOURCES, NOTICES, PAYMENT_KINDS, STAGE_ORDER, STAGES } from '../labels.ts';
import { useTRPC } from '../trpc.ts';

type ActionKind = 'notice' | 'review' | 'approve' | 'tender' | 'start' | 'progress' | 'complete' | 'accept';

export default function ProjectDetail() {
  const { id = '' } = useParams();
  const projectId = Number(id);
  const trpc = useTRPC();
  const region = useRegion();
  const l = useL();
  const detail = useQuery({
    ...trpc.projects.get.queryOptions({ regionCode: region.code, id: projectId }),
    enabled: Number.isInteger(projectId) && projectId > 0,
  });
  return (
    <div data-testid="project-detail">
      <Space style={{ marginBottom: 8 }}>
        <Link to="/projects">← {l('返回项目库', 'Back to the library')}</Link>
      </Space>
      <QueryState query={detail}>{(data) => <ProjectView data={data} />}</QueryState>
    </div>
  );
}

type Detail = inferOutput<ReturnType<typeof useTRPC>['projects']['get']>;

const STAGE_DATES: Record<(typeof STAGE_ORDER)[number], 'appliedOn' | 'reviewedOn' | 'approvedOn' | 'tenderedOn' | 'startedOn' | 'completedOn' | 'acceptedOn'> =
  {
    applied: 'appliedOn',
    'township-reviewed': 'reviewedOn',
    approved: 'approvedOn',
    tendered: 'tenderedOn',
    started: 'startedOn',
    completed: 'completedOn',
    accepted: 'acceptedOn',
  };

/** The notice a stage usually publishes next (三公示一公告). */
const NEXT_NOTICE: Partial<Record<ProjectStage, NoticeKind>> = {
  applied: 'village-publicity',
  'township-reviewed': 'township-publicity',
  approved: 'county-publicity',
};

function ProjectView({ data }: { data: Detail }) {
  const l = useL();
  const shell = useShell();
  const { project } = data;
  const stage = project.stage as ProjectStage;
  const [action, setAction] = useState<ActionKind | null>(null);
  const can = (permission: string) => shell.hasPermission(`projects.${permission}`);
  const stageIndex = STAGE_ORDER.indexOf(stage as (typeof STAGE_ORDER)[number]);
  const { allocatedFen } = data;

  const actions: { kind: ActionKind; label: string; show: boolean; primary?: boolean }[] = [
    {
      kind: 'notice',
      label: l('发布公示/公告', 'Publish a notice'),
      show: can('project.notice') && ['applied', 'township-reviewed', 'approved'].includes(stage),
    },
    { kind: 'review', label: l('乡镇审核', 'Township review'), show: can('project.review') && stage === 'applied', primary: true },
    { kind: 'approve', label: l('县级审定', 'County approval'), show: can('project.approve') && stage === 'township-reviewed', primary: true },
    { kind: 'tender', label: l('登记招投标', 'Record the tender'), show: can('project.implement') && stage === 'approved', primary: true },
    { kind: 'start', label: l('登记动工', 'Record construction start'), show: can('project.implement') && stage === 'tendered', primary: true },
    {
      kind: 'progress',
      label: l('报告进度', 'Report progress'),
      show: can('project.implement') && (stage === 'started' || stage === 'completed'),
      primary: stage === 'started',
    },
    { kind: 'complete', label: l('登记完工', 'Record completion'), show: can('project.implement') && stage === 'started' },
    { kind: 'accept', label: l('验收', 'Accept'), show: can('project.accept') && stage === 'completed', primary: true },
  ];
  const visible = actions.filter((item) => item.show);

  return (
    <>
      <Space align="center" wrap style={{ marginBottom: 12 }}>
        <h1 className="zx-page-title" style={{ margin: 0 }} data-testid="project-title">
          {project.title}
        </h1>
        <span data-testid="project-stage">
          <StatusBadge status={stage} statuses={STAGES} />
        </span>
        <UrgencyTags project={project} />
      </Space>

      <Card size="small" style={{ marginBottom: 16 }}>
        {stage === 'rejected' ? (
          <Alert type="error" showIcon title={l('项目未通过审核', 'The project was rejected')} />
        ) : (
          <Steps
            size="small"
            current={stageIndex}
            data-testid="stage-timeline"
            items={STAGE_ORDER.map((value, index) => ({
              title: l.text(STAGES[value].label),
              description: project[STAGE_DATES[value]] ?? (index > stageIndex ? l('待办', 'Pending') : ''),
            }))}
          />
        )}
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title={l('项目信息', 'Project')} size="small">
            <Descriptions size="small" column={{ xs: 1, sm: 2 }} data-testid="project-facts">
              <Descriptions.Item label={l('申报村', 'Village')}>
                <RegionName code={project.villageCode} />
              </Descriptions.Item>
              <Descriptions.Item label={l('类别', 'Category')}>{l.text(CATEGORIES[project.category] ?? project.category)}</Descriptions.Item>
              <Descriptions.Item label={l('项目预算', 'Budget')}>
                {formatFen(project.budgetFen)} {l('元', 'yuan')}
              </Descriptions.Item>
              <Descriptions.Item label={l('已安排资金', 'Allocated')}>
                {formatFen(allocatedFen)} {l('元', 'yuan')}
              </Descriptions.Item>
              <Descriptions.Item label={l('拨付上限', 'Payment cap')}>
                <span data-testid="project-cap">{formatFen(data.capFen)}</span> {l('元', 'yuan')}（{l.text(FUND_SOURCES[data.fundSource] ?? data.fundSource)}）
              </Descriptions.Item>
              <Descriptions.Item label={l('已拨付', 'Paid')}>
                <span data-testid="project-paid">{formatFen(project.paidFen)}</span> {l('元', 'yuan')}
              </Descriptions.Item>
              <Descriptions.Item label={l('工程进度', 'Progress')}>
                <span data-testid="project-progress">{formatBasisPoints(project.progressBasisPoints)}</span>
              </Descriptions.Item>
              <Descriptions.Item label={l('中标单位', 'Winning bidder')}>{project.winningBidder ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={l('受益脱贫户/监测户', 'Households out of poverty / monitored')}>
                {project.povertyExitedHouseholds} / {project.monitoredHouseholds}
              </Descriptions.Item>
              <Descriptions.Item label={l('办理模式', 'Mode')}>
                {project.parallelMode ? l('边公示、边上报、边审核', 'Parallel (notices overlap steps)') : l('顺序办理', 'Sequential')}
              </Descriptions.Item>
              {project.description ? (
                <Descriptions.Item label={l('项目内容', 'Description')} span={2}>
                  {project.description}
                </Descriptions.Item>
              ) : null}
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title={l('可办理事项', 'Next steps')} size="small" data-testid="project-actions">
            {visible.length === 0 ? (
              <Typography.Text type="secondary">{l('当前阶段您没有可办理的事项。', 'Nothing for you to do at this stage.')}</Typography.Text>
            ) : (
              <Space wrap>
                {visible.map((item) => (
                  <Button key={item.kind} type={item.primary ? 'primary' : 'default'} onClick={() => setAction(item.kind)} data-testid={`action-${item.kind}`}>
                    {item.label}
                  </Button>
                ))}
              </Space>
            )}
            {shell.hasPermission('funds.fund.manage') && stageIndex >= 2 ? (
              <div style={{ marginTop: 12 }}>
                <Link to={`/funds/allocations?projectId=${project.id}&projectTitle=${encodeURIComponent(project.title)}`} data-testid="allocate-funds-link">
                  {l('为本项目安排衔接资金 →', 'Allocate linkage funds to this project →')}
                </Link>
              </div>
            ) : null}
          </Card>
        </Col>
      </Row>

      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xl={12}>
          <NoticesCard notices={data.notices} />
        </Col>
        <Col xs={24} xl={12}>
          <ProgressCard reports={data.progressReports} />
        </Col>
      </Row>

      {shell.hasPermission('projects.payment.read') ? <PaymentsPanel data={data} /> : null}

      {action ? <ActionModal kind={action} data={data} onClose={() => setAction(null)} /> : null}
    </>
  );
}

function NoticesCard({ notices }: { notices: Detail['notices'] }) {
  const l = useL();
  return (
    <Card title={l('三公示一公告', 'Notices')} size="small" data-testid="project-notices">
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={notices}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={l('尚未发布公示', 'No notices yet')} /> }}
        columns={[
          { key: 'kind', title: l('类型', 'Kind'), render: (_, row) => l.text(NOTICES[row.kind as NoticeKind] ?? row.kind) },
          { key: 'period', title: l('公示期', 'Period'), render: (_, row) => `${row.startDate} ~ ${row.endDate}` },
          { key: 'state', title: l('状态', 'State'), render: (_, row) => noticeStateTag(row, l) },
          { key: 'content', title: l('内容', 'Content'), dataIndex: 'content', ellipsis: true },
        ]}
      />
    </Card>
  );
}

function noticeStateTag(row: { startDate: string; endDate: string }, l: ReturnType<typeof useL>) {
  const today = shanghaiToday();
  if (row.endDate < today) return <Tag color="success">{l('已期满', 'Ended')}</Tag>;
  if (row.startDate <= today) return <Tag color="processing">{l('公示中', 'Running')}</Tag>;
  return <Tag>{l('未开始', 'Not started')}</Tag>;
}

function ProgressCard({ reports }: { reports: Detail['progressReports'] }) {
  const l = useL();
  return (
    <Card title={l('进度报告', 'Progress reports')} size="small" data-testid="project-progress-reports">
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={reports}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={l('尚无进度报告', 'No reports yet')} /> }}
        columns={[
          { key: 'reportedOn', title: l('日期', 'Date'), dataIndex: 'reportedOn' },
          { key: 'progress', title: l('进度', 'Progress'), render: (_, row) => formatBasisPoints(row.progressBasisPoints) },
          { key: 'text', title: l('说明', 'Report'), dataIndex: 'text' },
          {
            key: 'attachments',
            title: l('佐证材料', 'Evidence'),
            render: (_, row) => (row.attachments.length ? row.attachments.map((name) => <Tag key={name}>{name}</Tag>) : '—'),
          },
        ]}
      />
    </Card>
  );
}

/** The same payment under another published set: allowed or not, the range and reasons each time, and why they differ. */
function PaymentReplay(props: { projectId: number; amountFen: number; recordedVersion: string | undefined; version: string }) {
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const replay = useQuery(trpc.projects.payments.replay.queryOptions({ regionCode: region.code, ...props }));
  if (replay.error) return <ErrorMessage error={replay.error} />;
  if (!replay.data) return <LoadingState />;
  const verdict = (decision: typeof replay.data.recorded, parameterVersion: string) => (
    <li>
      <Tag>{parameterVersion}</Tag>
      {decision.allowed ? l('可以拨付', 'may be paid') : l('不能拨付', 'may not be paid')}；{l('允许范围', 'range')} {formatFen(decision.minimumFen)} ~{' '}
      {formatFen(decision.maximumFen)} {l('元', 'yuan')}
      {decision.reasons.length ? `：${decision.reasons.map((reason) => l.text(reason.message)).join('；')}` : ''}
    </li>
  );
  return (
    <div data-testid="replay-result" data-changed={String(replay.data.changed)} style={{ marginTop: 8 }}>
      <ChangedTag changed={replay.data.changed} />
      <ul style={{ margin: '4px 0 0', paddingLeft: 18 }}>
        {verdict(replay.data.recorded, replay.data.recordedVersion)}
        {verdict(replay.data.replayed, replay.data.replayedVersion)}
      </ul>
      <ParameterChanges changes={replay.data.parameterChanges} />
    </div>
  );
}

function PaymentsPanel({ data }: { data: Detail }) {
  const l = useL();
  const shell = useShell();
  const region = useRegion();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const projectId = data.project.id;
  const [amountText, setAmountText] = useState('');
  const [previewFen, setPreviewFen] = useState<number | null>(null);
  const [key, setKey] = useState(() => newIdempotencyKey(`pay-${projectId}`));
  const [payError, setPayError] = useState<unknown>(null);
  const amountFen = parseYuanToFen(amountText);
  const payments = useQuery(trpc.projects.payments.list.queryOptions({ regionCode: region.code, projectId }));
  const preview = useQuery({
    ...trpc.projects.payments.preview.queryOptions({ regionCode: region.code, projectId, amountFen: previewFen ?? 1 }),
    enabled: previewFen !== null,
  });
  const pay = useMutation(trpc.projects.payments.pay.mutationOptions());
  const canPay = shell.hasPermission('projects.payment.make');
  const stale = previewFen !== amountFen;
  const confirm = useConfirm();
  // A check that failed for this very amount (or a refused payment) keeps 确认拨付 off until the amount changes.
  const checkFailed = !stale && preview.data?.allowed === false;
  const payBlocked = amountFen === null || checkFailed || payError !== null;

  const onPay = async () => {
    if (amountFen === null) return;
    setPayError(null);
    try {
      const result = await pay.mutateAsync({ regionCode: region.code, projectId, amountFen, idempotencyKey: key });
      message.success(
        result.replayed
          ? l('该笔拨付此前已完成（未重复拨付）', 'This payment was already made (not paid twice)')
          : l(`已拨付 ${formatFen(amountFen)} 元`, `Paid ${formatFen(amountFen)} yuan`),
      );
      setKey(newIdempotencyKey(`pay-${projectId}`));
      setAmountText('');
      setPreviewFen(null);
      await queryClient.invalidateQueries();
    } catch (error) {
      setPayError(error);
    }
  };

  const refusalReasons = (error: unknown): Localized[] => {
    const details = describeError(error, l.locale).details;
    const reasons = details && Array.isArray(details.reasons) ? (details.reasons as { message?: Localized }[]) : [];
    return reasons.flatMap((item) => (item.message ? [item.message] : []));
  };

  return (
    <Card title={l('资金拨付', 'Payments')} size="small" style={{ marginTop: 16 }} data-testid="payments-panel">
      <Space wrap align="start" style={{ marginBottom: 12 }}>
        <Input
          addonBefore={l('本次拨付', 'Amount')}
          addonAfter={l('元', 'yuan')}
          inputMode="decimal"
          value={amountText}
          onChange={(event) => {
            setAmountText(event.target.value);
            setPayError(null);
          }}
          status={amountText && amountFen === null ? 'error' : undefined}
          style={{ width: 280 }}
          data-testid="payment-amount"
        />
        <Button onClick={() => setPreviewFen(amountFen)} disabled={amountFen === null} data-testid="payment-preview">
          {l('按规则测算', 'Check against the rules')}
        </Button>
        {canPay ? (
          <Button
            type="primary"
            onClick={() =>
              confirm({
                title: l(`确认拨付 ${formatFen(amountFen ?? 0)} 元？`, `Pay ${formatFen(amountFen ?? 0)} yuan?`),
                content: l(
                  `项目：${data.project.title}。拨付后不能撤回，请核对金额。`,
                  `Project: ${data.project.title}. A payment cannot be undone; check the amount.`,
                ),
                okText: l('确认拨付', 'Pay'),
                danger: true,
                onOk: onPay,
              })
            }
            disabled={payBlocked}
            loading={pay.isPending}
            data-testid="payment-pay"
          >
            {l('确认拨付', 'Pay')}
          </Button>
        ) : null}
      </Space>
      {amountText && amountFen === null ? (
        <Alert
          type="warning"
          showIcon
          title={l('请输入正确金额（元），最多两位小数', 'Enter an amount in yuan with at most 2 decimals')}
          style={{ marginBottom: 12 }}
        />
      ) : null}

      {previewFen !== null && !stale ? (
        preview.error ? (
          <ErrorMessage error={preview.error} />
        ) : preview.data ? (
          <div data-testid="payment-decision" data-allowed={String(preview.data.allowed)} style={{ marginBottom: 12 }}>
            <Alert
              type={preview.data.allowed ? 'success' : 'error'}
              showIcon
              title={
                preview.data.allowed
                  ? l(
                      `可以拨付 ${formatFen(preview.data.requestedFen)} 元（${l.text(PAYMENT_KINDS[preview.data.kind])}）`,
                      `${formatFen(preview.data.requestedFen)} yuan may be paid (${l.text(PAYMENT_KINDS[preview.data.kind])})`,
                    )
                  : l(`不能拨付 ${formatFen(preview.data.requestedFen)} 元`, `${formatFen(preview.data.requestedFen)} yuan may not be paid`)
              }
              description={
                <div>
                  <div>
                    {l('本次允许范围', 'Allowed now')}: {formatFen(preview.data.minimumFen)} ~ {formatFen(preview.data.maximumFen)} {l('元', 'yuan')}；
                    {l('上限', 'cap')} {formatFen(preview.data.capFen)}，{l('已拨付', 'paid')} {formatFen(preview.data.paidFen)}
                  </div>
                  {preview.data.reasons.length ? (
                    <ul style={{ margin: '4px 0 0', paddingLeft: 20 }} data-testid="payment-reasons">
                      {preview.data.reasons.map((item) => (
                        <li key={item.code} data-code={item.code}>
                          {l.text(item.message)}
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </div>
              }
            />
            {preview.data.parameterVersion ? (
              <div style={{ marginTop: 8 }}>
                <EvaluateUnder testId="payment-evaluate-under" recordedVersion={preview.data.parameterVersion} regionCode={region.code}>
                  {(version) => (
                    <PaymentReplay
                      projectId={projectId}
                      amountFen={previewFen}
                      recordedVersion={preview.data.parameterVersion ?? undefined}
                      version={version}
                    />
                  )}
                </EvaluateUnder>
              </div>
            ) : null}
          </div>
        ) : null
      ) : null}

      {payError ? (
        <div data-testid="payment-error" style={{ marginBottom: 12 }}>
          <ErrorMessage error={payError} />
          {refusalReasons(payError).length > 1 ? (
            <ul style={{ margin: '4px 0 0', paddingLeft: 20 }}>
              {refusalReasons(payError).map((text) => (
                <li key={text['zh-CN']}>{l.text(text)}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}

      <Table
        size="small"
        rowKey="id"
        pagination={false}
        loading={payments.isFetching}
        dataSource={payments.data ?? []}
        data-testid="payments-table"
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={l('尚未拨付', 'Nothing paid yet')} /> }}
        columns={[
          { key: 'paidOn', title: l('拨付日期', 'Paid on'), dataIndex: 'paidOn' },
          { key: 'kind', title: l('类型', 'Kind'), render: (_, row) => l.text(PAYMENT_KINDS[row.kind] ?? row.kind) },
          { key: 'amount', title: l('金额（元）', 'Amount (yuan)'), align: 'right', render: (_, row) => formatFen(row.amountFen) },
          { key: 'progress', title: l('当时进度', 'Progress then'), render: (_, row) => formatBasisPoints(row.progressBasisPoints) },
          { key: 'source', title: l('资金来源', 'Source'), render: (_, row) => l.text(FUND_SOURCES[row.fundSource] ?? row.fundSource) },
        ]}
        summary={(rows) =>
          rows.length ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={2}>
                {l('合计', 'Total')}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={2} align="right">
                <span data-testid="payments-total">{formatFen(rows.reduce((sum, row) => sum + row.amountFen, 0))}</span>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={3} colSpan={3} />
            </Table.Summary.Row>
          ) : null
        }
      />
    </Card>
  );
}

interface ActionValues {
  decision?: 'pass' | 'reject';
  comment?: string;
  kind?: NoticeKind;
  startDate?: string;
  endDate?: string;
  content?: string;
  winningBidder?: string;
  on?: string;
  percent?: string;
  text?: string;
  attachments?: string;
}

function ActionModal({ kind, data, onClose }: { kind: ActionKind; data: Detail; onClose: () => void }) {
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<ActionValues>();
  const [error, setError] = useState<unknown>(null);
  const { project } = data;
  const id = project.id;
  const regionCode = region.code;

  const review = useMutation(trpc.projects.review.mutationOptions());
  const approve = useMutation(trpc.projects.approve.mutationOptions());
  const tender = useMutation(trpc.projects.tender.mutationOptions());
  const start = useMutation(trpc.projects.start.mutationOptions());
  const complete = useMutation(trpc.projects.complete.mutationOptions());
  const accept = useMutation(trpc.projects.accept.mutationOptions());
  const publish = useMutation(trpc.projects.notices.publish.mutationOptions());
  const report = useMutation(trpc.projects.progress.report.mutationOptions());
  const pending = [review, approve, tender, start, complete, accept, publish, report].some((mutation) => mutation.isPending);

  const titles: Record<ActionKind, string> = {
    notice: l('发布公示/公告', 'Publish a notice'),
    review: l('乡镇审核', 'Township review'),
    approve: l('县级审定', 'County approval'),
    tender: l('登记招投标', 'Record the tender'),
    start: l('登记动工', 'Record construction start'),
    progress: l('报告工程进度', 'Report progress'),
    complete: l('登记完工', 'Record completion'),
    accept: l('项目验收', 'Acceptance'),
  };

  const initialValues = useMemo<ActionValues>(() => {
    const stage = project.stage as ProjectStage;
    const noticeKind =
      NEXT_NOTICE[stage] === 'county-publicity' && data.notices.some((notice) => notice.kind === 'county-publicity')
        ? 'county-announcement'
        : (NEXT_NOTICE[stage] ?? 'village-publicity');
    // No decision is pre-selected (issue 23): review and approval choose 通过 / 不通过 explicitly.
    return {
      kind: noticeKind,
      startDate: shanghaiToday(),
      endDate: shanghaiToday(new Date(), 6),
      content: `${project.title}：${l('项目名称、实施地点、建设内容、资金规模、受益对象等，接受群众监督。', 'title, place, content, funds and beneficiaries, open to public scrutiny.')}`,
      on: shanghaiToday(),
      percent: '',
      attachments: '',
    };
  }, [project, data.notices, l]);

  // The county's approval (立项审批) is confirmed in a dialog, like a payment.
  const confirmApproval = useConfirm();
  const submit = (values: ActionValues) => {
    if (kind !== 'approve') return void onFinish(values);
    const pass = values.decision === 'pass';
    confirmApproval({
      title: pass ? l(`确认审批通过“${project.title}”？`, `Approve “${project.title}”?`) : l(`确认不予通过“${project.title}”？`, `Reject “${project.title}”?`),
      content: l('审批结论将记入项目档案和审计日志，不可撤销。', 'The decision is recorded in the project file and the audit log and cannot be undone.'),
      okText: l('确认审批', 'Confirm'),
      danger: !pass,
      onOk: () => onFinish(values),
    });
  };

  const onFinish = async (values: ActionValues) => {
    setError(null);
    const on = values.on || undefined;
    try {
      switch (kind) {
        case 'notice':
          await publish.mutateAsync({
            regionCode,
            projectId: id,
            kind: values.kind ?? 'village-publicity',
            startDate: values.startDate ?? '',
            endDate: values.endDate ?? '',
            content: values.content ?? '',
          });
          break;
        case 'review':
          await review.mutateAsync({ regionCode, id, decision: values.decision ?? 'pass', comment: values.comment ?? '', on });
          break;
        case 'approve':
          await approve.mutateAsync({ regionCode, id, decision: values.decision ?? 'pass', comment: values.comment ?? '', on });
          break;
        case 'tender':
          await tender.mutateAsync({ regionCode, id, winningBidder: values.winningBidder ?? '', on });
          break;
        case 'start':
          await start.mutateAsync({ regionCode, id, on, comment: values.comment ?? '' });
          break;
        case 'complete':
          await complete.mutateAsync({ regionCode, id, on, comment: values.comment ?? '' });
          break;
        case 'accept':
          await accept.mutateAsync({ regionCode, id, on, comment: values.comment ?? '' });
          break;
        case 'progress': {
          const progressBasisPoints = parsePercentToBasisPoints(values.percent);
          if (progressBasisPoints === null) return;
          const attachments = (values.attachments ?? '')
            .split(/[,，;；\n]/)
            .map((name) => name.trim())
            .filter(Boolean);
          await report.mutateAsync({ regionCode, projectId: id, progressBasisPoints, text: values.text ?? '', attachments, reportedOn: on });
          break;
        }
      }
      message.success(l('已办理', 'Done'));
      await queryClient.invalidateQueries();
      onClose();
    } catch (caught) {
      setError(caught);
    }
  };

  const dateField = (
    <Form.Item name="on" label={l('办理日期', 'Date')} rules={[{ required: true }]}>
      <Input type="date" max={shanghaiToday()} />
    </Form.Item>
  );

  return (
    <Modal
      open
      title={titles[kind]}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={pending}
      okText={l('确定', 'OK')}
      cancelText={l('取消', 'Cancel')}
      destroyOnHidden
      width={600}
    >
      <Form<ActionValues> form={form} layout="vertical" initialValues={initialValues} onFinish={submit} data-testid="action-form">
        {kind === 'notice' ? (
          <>
            <Form.Item name="kind" label={l('类型', 'Kind')} rules={[{ required: true }]}>
              <Select options={NOTICE_KINDS.map((value) => ({ value, label: l.text(NOTICES[value]) }))} data-testid="notice-kind" />
            </Form.Item>
            <Space>
              <Form.Item name="startDate" label={l('开始日期', 'From')} rules={[{ required: true }]}>
                <Input type="date" data-testid="notice-start" />
              </Form.Item>
              <Form.Item
                name="endDate"
                label={l('结束日期', 'To')}
                dependencies={['startDate']}
                rules={[
                  { required: true },
                  ({ getFieldValue }) => ({
                    validator: async (_, value: string) => {
                      if (value && value < (getFieldValue('startDate') as string))
                        throw new Error(l('结束日期不能早于开始日期', 'The end is before the start'));
                    },
                  }),
                ]}
              >
                <Input type="date" data-testid="notice-end" />
              </Form.Item>
            </Space>
            <Form.Item name="content" label={l('公示内容', 'Content')} rules={[{ required: true }]}>
              <Input.TextArea rows={3} maxLength={4000} />
            </Form.Item>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              {project.parallelMode
                ? l(
                    '本项目按“边公示、边上报、边审核”办理：公示开始后即可进行下一步。',
                    'Parallel mode: the next step may go ahead once the notice has started.',
                  )
                : l(
                    '顺序办理：公示期满（结束日期次日）后才能进行下一步。',
                    'Sequential: the next step waits until the notice has ended (the day after its end date).',
                  )}
            </Typography.Paragraph>
          </>
        ) : null}
        {kind === 'review' || kind === 'approve' ? (
          <>
            <Form.Item name="decision" label={l('结论', 'Decision')} rules={[{ required: true, message: l('请选择结论', 'Choose a decision') }]}>
              <Radio.Group
                data-testid="action-decision"
                options={[
                  { value: 'pass', label: l('通过', 'Pass') },
                  { value: 'reject', label: l('不通过', 'Reject') },
                ]}
              />
            </Form.Item>
            <Form.Item name="comment" label={l('意见', 'Comment')}>
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
            {dateField}
          </>
        ) : null}
        {kind === 'tender' ? (
          <>
            <Form.Item
              name="winningBidder"
              label={l('中标单位', 'Winning bidder')}
              rules={[{ required: true, message: l('请填写中标单位', 'Enter the winning bidder') }]}
            >
              <Input maxLength={200} />
            </Form.Item>
            {dateField}
          </>
        ) : null}
        {kind === 'start' || kind === 'complete' || kind === 'accept' ? (
          <>
            {dateField}
            <Form.Item name="comment" label={l('说明', 'Comment')}>
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
          </>
        ) : null}
        {kind === 'progress' ? (
          <>
            <Form.Item
              name="percent"
              label={l(
                `工程进度（%，当前 ${formatBasisPoints(project.progressBasisPoints)}，不能倒退）`,
                `Progress (%, now ${formatBasisPoints(project.progressBasisPoints)}; never backwards)`,
              )}
              rules={[
                { required: true, message: l('请填写进度', 'Enter the progress') },
                {
                  validator: async (_, value: string) => {
                    if (value && parsePercentToBasisPoints(value) === null)
                      throw new Error(l('请输入 0–100 的百分数，最多两位小数', 'Enter a percentage 0–100 with at most 2 decimals'));
                  },
                },
              ]}
            >
              <Input inputMode="decimal" addonAfter="%" style={{ width: 200 }} data-testid="progress-percent" />
            </Form.Item>
            <Form.Item name="text" label={l('进度说明', 'Report')} rules={[{ required: true, message: l('请填写进度说明', 'Describe the progress') }]}>
              <Input.TextArea rows={2} maxLength={4000} />
            </Form.Item>
            <Form.Item
              name="attachments"
              label={l('佐证材料（文件名，逗号分隔：现场照片、监理报告等）', 'Evidence (file names, comma separated: photos, supervision reports)')}
            >
              <Input placeholder="现场照片1.jpg, 监理日志.pdf" data-testid="progress-attachments" />
            </Form.Item>
            {dateField}
          </>
        ) : null}
        {error ? <ErrorMessage error={error} /> : null}
      </Form>
    </Modal>
  );
}
