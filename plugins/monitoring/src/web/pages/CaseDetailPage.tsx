import { PrinterOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  ErrorMessage,
  EvaluateUnder,
  LoadingState,
  QueryState,
  RegionName,
  StatusBadge,
  applyFieldErrors,
  pluginHref,
  shanghaiToday,
  useL,
  useRegion,
  useConfirm,
  useShell,
} from '@zhenxing/ui';
import { Alert, App, Button, Card, Checkbox, Col, Descriptions, Form, Input, InputNumber, Radio, Row, Select, Space, Steps, Table, Tag, Timeline } from 'antd';
import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import type { CaseView, HistoryEntry, MeasureRecord, SignalRecord } from '../../index.ts';
import { CountdownTag, HouseholdLink } from '../components.tsx';
import {
  CASE_STEP_LABELS,
  CASE_STEP_STATUSES,
  HISTORY_ACTION_LABELS,
  MEASURE_KIND_LABELS,
  MEASURE_STATUS_LABELS,
  OBJECT_TYPE_LABELS,
  RISK_CATEGORY_LABELS,
  RISK_TYPE_LABELS,
  SIGNAL_SOURCE_LABELS,
  SUDDEN_CAUSE_LABELS,
  yuan,
} from '../labels.ts';
import { HouseholdReplayView } from '../replay.tsx';
import { useRegistryTRPC, useTRPC } from '../trpc.ts';

const PROCEDURE = ['verification', 'comparison', 'village-review', 'village-notice', 'township-review', 'county-approval', 'included'] as const;

export default function CaseDetailPage() {
  const { id = '' } = useParams();
  const region = useRegion();
  const trpc = useTRPC();
  const caseId = Number(id);
  const detail = useQuery({
    ...trpc.monitoring.cases.get.queryOptions({ regionCode: region.code, id: caseId }),
    enabled: Number.isInteger(caseId) && caseId > 0,
  });
  return (
    <div data-testid="monitoring-case">
      <QueryState query={detail}>
        {(data) => (
          <>
            <Header view={data.case} />
            <Row gutter={[16, 16]}>
              <Col xs={24} xl={14}>
                <Space orientation="vertical" size={16} style={{ width: '100%' }}>
                  <StepActions view={data.case} />
                  <Evaluation view={data.case} />
                  <Signals signals={data.signals} />
                  <Measures view={data.case} measures={data.measures} included={data.object !== null} />
                </Space>
              </Col>
              <Col xs={24} xl={10}>
                <Space orientation="vertical" size={16} style={{ width: '100%' }}>
                  <Household householdId={data.case.householdId} />
                  <History entries={data.history} />
                </Space>
              </Col>
            </Row>
          </>
        )}
      </QueryState>
    </div>
  );
}

function Header({ view }: { view: CaseView }) {
  const l = useL();
  const current = view.step === 'rejected' ? -1 : PROCEDURE.indexOf(view.step as (typeof PROCEDURE)[number]);
  return (
    <Card style={{ marginBottom: 16 }}>
      <Space wrap align="center" style={{ marginBottom: 12 }}>
        <h1 className="zx-page-title" style={{ margin: 0 }}>
          {l(`认定案件 #${view.id}`, `Case #${view.id}`)}
        </h1>
        <span data-testid="case-step">
          <StatusBadge status={view.step} statuses={CASE_STEP_STATUSES} />
        </span>
        <CountdownTag view={view} />
        {view.greenChannel ? (
          <Tag color="green" data-testid="green-channel-tag">
            {l('绿色通道：先帮扶后程序', 'Green channel: assist first')}
          </Tag>
        ) : null}
        {view.escalationLevel !== 'none' ? (
          <Tag color="red">
            {l(`已预警至${({ county: '县级', city: '市级', province: '省级' } as const)[view.escalationLevel]}`, `Escalated to ${view.escalationLevel}`)}
          </Tag>
        ) : null}
      </Space>
      <Steps
        size="small"
        current={current}
        status={view.step === 'rejected' ? 'error' : view.step === 'included' ? 'finish' : 'process'}
        responsive
        items={PROCEDURE.map((step) => ({ title: l.text(CASE_STEP_LABELS[step]) }))}
      />
      <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }} style={{ marginTop: 12 }}>
        <Descriptions.Item label={l('农户', 'Household')}>
          <HouseholdLink householdId={view.householdId} headName={view.headName} />
        </Descriptions.Item>
        <Descriptions.Item label={l('村（社区）', 'Village')}>
          <RegionName code={view.villageCode} />
        </Descriptions.Item>
        <Descriptions.Item label={l('发现日期', 'Found on')}>{view.discoveredOn}</Descriptions.Item>
        <Descriptions.Item label={l('预警日期', 'Warning on')}>{view.warningOn}</Descriptions.Item>
        <Descriptions.Item label={l('办理期限', 'Deadline')}>{view.deadlineOn}</Descriptions.Item>
        <Descriptions.Item label={l('已用天数', 'Days used')}>{view.progress.daysElapsed}</Descriptions.Item>
        {view.noticePostedOn ? <Descriptions.Item label={l('公示张贴', 'Notice posted')}>{view.noticePostedOn}</Descriptions.Item> : null}
        {view.completedOn ? <Descriptions.Item label={l('纳入日期', 'Included on')}>{view.completedOn}</Descriptions.Item> : null}
        {view.objectType ? (
          <Descriptions.Item label={l('监测对象类型', 'Object type')}>
            <span data-testid="object-type">{l.text(OBJECT_TYPE_LABELS[view.objectType])}</span>
          </Descriptions.Item>
        ) : null}
        {view.closedReason ? <Descriptions.Item label={l('关闭原因', 'Closed because')}>{view.closedReason}</Descriptions.Item> : null}
      </Descriptions>
    </Card>
  );
}

/** Runs one step mutation: success message, invalidation, and the server's message on failure. */
function useStepMutation() {
  const l = useL();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const run = async (action: () => Promise<unknown>, success: string, form?: Parameters<typeof applyFieldErrors>[0]) => {
    setError(null);
    setPending(true);
    try {
      await action();
      await queryClient.invalidateQueries({ queryKey: trpc.monitoring.pathKey() });
      message.success(success);
      form?.resetFields();
      return true;
    } catch (caught) {
      if (form) applyFieldErrors(form, caught, l.locale);
      setError(caught);
      return false;
    } finally {
      setPending(false);
    }
  };
  return { run, error, pending, clear: () => setError(null) };
}

function StepActions({ view }: { view: CaseView }) {
  const l = useL();
  const shell = useShell();
  const can = (permission: string) => shell.hasPermission(`monitoring.${permission}`);
  let body: ReactNode = null;
  if (view.step === 'verification' && can('case.village')) body = <VerifyForm view={view} />;
  else if (view.step === 'comparison' && can('case.village')) body = <CompareForm view={view} />;
  else if (view.step === 'village-review' && can('case.village')) body = <VillageReviewForm view={view} />;
  else if (view.step === 'village-notice' && can('case.village')) body = <NoticeActions view={view} />;
  else if (view.step === 'township-review' && can('case.township-review')) body = <ReviewForm view={view} kind="township" />;
  else if (view.step === 'county-approval' && can('case.approve')) body = <ReviewForm view={view} kind="county" />;
  const open = view.step !== 'included' && view.step !== 'rejected';
  const green = open && !view.greenChannel && can('case.green-channel') ? <GreenChannelForm view={view} /> : null;
  const waiting = (
    <Alert
      type="info"
      showIcon
      data-testid="waiting-for"
      title={l(
        `当前环节“${l.text(CASE_STEP_LABELS[view.step])}”由其他岗位办理。`,
        `The current step (${l.text(CASE_STEP_LABELS[view.step])}) is handled by another role.`,
      )}
    />
  );
  if (!body && !green) return open ? waiting : null;
  return (
    <Card title={l(`办理：${l.text(CASE_STEP_LABELS[view.step])}`, `Act: ${l.text(CASE_STEP_LABELS[view.step])}`)} data-testid="step-action">
      {body ?? waiting}
      {green}
    </Card>
  );
}

function VerifyForm({ view }: { view: CaseView }) {
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const [form] = Form.useForm<{ consentSigned: boolean; findings: string; riskTypes: string[]; attachment?: string }>();
  const verify = useMutation(trpc.monitoring.cases.verify.mutationOptions());
  const step = useStepMutation();
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={{ consentSigned: false, riskTypes: view.riskTypes }}
      onFinish={(values) =>
        void step.run(
          () =>
            verify.mutateAsync({
              regionCode: region.code,
              caseId: view.id,
              consentSigned: values.consentSigned as true,
              findings: values.findings,
              riskTypes: values.riskTypes as never[],
              attachments: values.attachment ? [{ name: values.attachment, ref: `upload/${view.id}/${values.attachment}` }] : [],
            }),
          l('入户核实已记录', 'Verification recorded'),
          form,
        )
      }
    >
      <ErrorMessage error={step.error} />
      <Form.Item
        name="consentSigned"
        valuePropName="checked"
        rules={[
          {
            validator: (_, value) =>
              value ? Promise.resolve() : Promise.reject(new Error(l('需农户签字授权后才能核实', 'The household must sign the consent first'))),
          },
        ]}
      >
        <Checkbox data-testid="consent">{l('农户已签字授权（数据核查授权书）', 'The household signed the consent for data checks')}</Checkbox>
      </Form.Item>
      <Form.Item name="findings" label={l('核实情况', 'Findings')} rules={[{ required: true, min: 2, message: l('请填写核实情况', 'Write the findings') }]}>
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
      <Form.Item name="riskTypes" label={l('风险类型', 'Risk types')}>
        <Select mode="multiple" options={Object.entries(RISK_TYPE_LABELS).map(([value, label]) => ({ value, label: l.text(label) }))} />
      </Form.Item>
      <Form.Item name="attachment" label={l('授权书/核实表文件名', 'Consent or form file name')}>
        <Input placeholder={l('如：授权书.jpg', 'e.g. consent.jpg')} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={step.pending} data-testid="action-submit">
        {l('提交核实', 'Submit verification')}
      </Button>
    </Form>
  );
}

function CompareForm({ view }: { view: CaseView }) {
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const registry = useRegistryTRPC();
  const household = useQuery(registry.registry.households.get.queryOptions({ regionCode: region.code, id: view.householdId }));
  const [form] = Form.useForm<{ memberId?: number; medicalYuan?: number; comment?: string }>();
  const compare = useMutation(trpc.monitoring.cases.compare.mutationOptions());
  const step = useStepMutation();
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={(values) =>
        void step.run(
          () =>
            compare.mutateAsync({
              regionCode: region.code,
              caseId: view.id,
              overrides: {
                outOfPocketMedicalFen: values.memberId && values.medicalYuan ? { [String(values.memberId)]: Math.round(values.medicalYuan * 100) } : {},
                suddenEvent: null,
              },
              comment: values.comment ?? '',
              attachments: [],
            }),
          l('数据比对完成，已按四类对象评估', 'Compared; the four categories are evaluated'),
          form,
        )
      }
    >
      <ErrorMessage error={step.error} />
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        title={l(
          '按户籍、收入等登记数据评估四类对象；可补充医保报销后个人自付费用。',
          'Evaluates the four categories on registry data; add out-of-pocket medical costs if known.',
        )}
      />
      <Space wrap align="start">
        <Form.Item name="memberId" label={l('家庭成员', 'Member')}>
          <Select
            allowClear
            style={{ width: 180 }}
            loading={household.isPending}
            options={(household.data?.members ?? []).map((member) => ({ value: member.id, label: member.name }))}
            data-testid="compare-member"
          />
        </Form.Item>
        <Form.Item name="medicalYuan" label={l('本年自付医疗费用（元）', 'Out-of-pocket medical cost (yuan)')}>
          <InputNumber min={0} style={{ width: 200 }} data-testid="compare-medical" />
        </Form.Item>
      </Space>
      <Form.Item name="comment" label={l('比对说明', 'Comment')}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={step.pending} data-testid="action-submit">
        {l('完成数据比对', 'Complete comparison')}
      </Button>
    </Form>
  );
}

function VillageReviewForm({ view }: { view: CaseView }) {
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const [form] = Form.useForm<{ decision: 'pass' | 'reject'; participants?: number; comment?: string }>();
  const review = useMutation(trpc.monitoring.cases.villageReview.mutationOptions());
  const step = useStepMutation();
  const decision = Form.useWatch('decision', form);
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={(values) =>
        void step.run(
          () =>
            review.mutateAsync({
              regionCode: region.code,
              caseId: view.id,
              decision: values.decision,
              participants: values.participants,
              comment: values.comment ?? '',
              attachments: [],
            }),
          values.decision === 'pass' ? l('民主评议通过', 'Village review passed') : l('已不予纳入', 'Rejected'),
          form,
        )
      }
    >
      <ErrorMessage error={step.error} />
      {/* No result is pre-selected (issue 23): the cadre records what the meeting decided. */}
      <Form.Item name="decision" label={l('评议结果', 'Result')} rules={[{ required: true, message: l('请选择评议结果', 'Choose the result') }]}>
        <Radio.Group
          data-testid="village-decision"
          options={[
            { value: 'pass', label: l('通过', 'Pass') },
            { value: 'reject', label: l('不予纳入', 'Reject') },
          ]}
        />
      </Form.Item>
      <Form.Item name="participants" label={l('参会人数', 'Participants')}>
        <InputNumber min={0} max={10000} />
      </Form.Item>
      <Form.Item
        name="comment"
        label={decision === 'reject' ? l('不予纳入理由', 'Reason') : l('评议意见', 'Comment')}
        rules={decision === 'reject' ? [{ required: true, message: l('请填写理由', 'Give a reason') }] : []}
      >
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={step.pending} data-testid="action-submit">
        {l('提交评议结果', 'Submit review')}
      </Button>
    </Form>
  );
}

function NoticeActions({ view }: { view: CaseView }) {
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const post = useMutation(trpc.monitoring.cases.postNotice.mutationOptions());
  const complete = useMutation(trpc.monitoring.cases.completeNotice.mutationOptions());
  const step = useStepMutation();
  const [form] = Form.useForm<{ objections?: string }>();
  const printLink = (
    <Link to={pluginHref('monitoring', `cases/${view.id}/notice`)}>
      <Button icon={<PrinterOutlined />} data-testid="notice-print">
        {l('公示表（可打印）', 'Printable notice')}
      </Button>
    </Link>
  );
  if (!view.noticePostedOn) {
    return (
      <Space orientation="vertical" style={{ width: '100%' }}>
        <ErrorMessage error={step.error} />
        <Space wrap>
          <Button
            type="primary"
            loading={step.pending}
            data-testid="notice-post"
            onClick={() =>
              void step.run(
                () => post.mutateAsync({ regionCode: region.code, caseId: view.id, comment: '', attachments: [] }),
                l('公示已张贴，公示期开始', 'Notice posted'),
              )
            }
          >
            {l('张贴村内公示', 'Post the village notice')}
          </Button>
          {printLink}
        </Space>
      </Space>
    );
  }
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={(values) =>
        void step.run(
          () => complete.mutateAsync({ regionCode: region.code, caseId: view.id, objections: values.objections || undefined, comment: '', attachments: [] }),
          values.objections
            ? l('有异议，已退回村民主评议', 'Objections: back to village review')
            : l('公示期满无异议，已报乡镇审核', 'Notice completed; sent to the township'),
          form,
        )
      }
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        data-testid="notice-running"
        title={l(`公示自 ${view.noticePostedOn} 起，不少于 5 天。`, `Notice posted on ${view.noticePostedOn}; at least 5 days.`)}
      />
      <ErrorMessage error={step.error} />
      <Form.Item name="objections" label={l('公示期间异议（无则留空）', 'Objections raised (leave empty if none)')}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      <Space wrap>
        <Button type="primary" htmlType="submit" loading={step.pending} data-testid="notice-complete">
          {l('结束公示', 'End the notice')}
        </Button>
        {printLink}
      </Space>
    </Form>
  );
}

function ReviewForm({ view, kind }: { view: CaseView; kind: 'township' | 'county' }) {
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const township = useMutation(trpc.monitoring.cases.townshipReview.mutationOptions());
  const county = useMutation(trpc.monitoring.cases.approve.mutationOptions());
  const [form] = Form.useForm<{ decision: 'pass' | 'return' | 'reject'; returnTo?: (typeof PROCEDURE)[number]; comment?: string }>();
  const decision = Form.useWatch('decision', form);
  const step = useStepMutation();
  const earlier = PROCEDURE.slice(0, PROCEDURE.indexOf(view.step as (typeof PROCEDURE)[number]));
  const passLabel = kind === 'county' ? l('审定纳入监测', 'Approve and include') : l('审核通过', 'Pass');
  const confirm = useConfirm();
  const decisionLabel = (value: 'pass' | 'return' | 'reject') =>
    value === 'pass' ? passLabel : value === 'return' ? l('退回', 'Return') : l('不予纳入', 'Reject');
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={(values) => {
        const input = {
          regionCode: region.code,
          caseId: view.id,
          decision: values.decision,
          returnTo: values.decision === 'return' ? values.returnTo : undefined,
          comment: values.comment ?? '',
          attachments: [],
        };
        const success =
          values.decision === 'pass'
            ? kind === 'county'
              ? l('已审定，纳入监测', 'Approved: included in monitoring')
              : l('乡镇审核通过，已报县级审定', 'Passed to the county')
            : values.decision === 'return'
              ? l('已退回', 'Returned')
              : l('已不予纳入', 'Rejected');
        const act = () => step.run(() => (kind === 'county' ? county.mutateAsync(input) : township.mutateAsync(input)), success, form);
        // The county's decision is final: it is confirmed in a dialog naming the decision and the household.
        if (kind !== 'county') return void act();
        confirm({
          title: l(`确认县级审定：${decisionLabel(values.decision)}？`, `Confirm the county decision: ${decisionLabel(values.decision)}?`),
          content: l(
            `认定 #${view.id}${view.headName ? `（${view.headName}户）` : ''}。审定后不可撤销，将通知农户并记入审计日志。`,
            `Case #${view.id}${view.headName ? ` (${view.headName})` : ''}. The decision cannot be undone; it is notified and audited.`,
          ),
          okText: l('确认审定', 'Confirm'),
          danger: values.decision !== 'pass',
          onOk: act,
        });
      }}
    >
      <ErrorMessage error={step.error} />
      {/* No decision is pre-selected (issue 23): the reviewer chooses one. */}
      <Form.Item
        name="decision"
        label={kind === 'county' ? l('县级审定', 'County decision') : l('乡镇审核', 'Township decision')}
        rules={[{ required: true, message: l('请选择审核结论', 'Choose a decision') }]}
      >
        <Radio.Group
          options={[
            { value: 'pass', label: passLabel },
            { value: 'return', label: l('退回', 'Return') },
            { value: 'reject', label: l('不予纳入', 'Reject') },
          ]}
          data-testid="review-decision"
        />
      </Form.Item>
      {decision === 'return' ? (
        <Form.Item name="returnTo" label={l('退回到', 'Return to')}>
          <Select
            allowClear
            placeholder={l('上一环节', 'The step before')}
            style={{ maxWidth: 240 }}
            options={earlier.map((value) => ({ value, label: l.text(CASE_STEP_LABELS[value]) }))}
          />
        </Form.Item>
      ) : null}
      <Form.Item
        name="comment"
        label={decision === 'pass' ? l('意见', 'Comment') : l('理由（必填）', 'Reason (required)')}
        rules={decision && decision !== 'pass' ? [{ required: true, message: l('请填写理由', 'Give a reason') }] : []}
      >
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={step.pending} data-testid="action-submit">
        {l('提交', 'Submit')}
      </Button>
    </Form>
  );
}

function GreenChannelForm({ view }: { view: CaseView }) {
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const [show, setShow] = useState(false);
  const [form] = Form.useForm<{ causes: ('disaster' | 'epidemic' | 'accident' | 'other')[]; comment?: string }>();
  const open = useMutation(trpc.monitoring.cases.greenChannel.mutationOptions());
  const step = useStepMutation();
  if (!show) {
    return (
      <Button style={{ marginTop: 16 }} onClick={() => setShow(true)} data-testid="green-channel-open">
        {l('因灾因疫等突发风险：开通绿色通道', 'Sudden risk: open the green channel')}
      </Button>
    );
  }
  return (
    <Form
      form={form}
      layout="vertical"
      style={{ marginTop: 16, borderTop: '1px solid #f0f0f0', paddingTop: 16 }}
      name="green"
      onFinish={(values) =>
        void step.run(
          () => open.mutateAsync({ regionCode: region.code, caseId: view.id, sudden: true, causes: values.causes, comment: values.comment ?? '' }),
          l('已提交绿色通道申请', 'Green channel requested'),
          form,
        )
      }
    >
      <ErrorMessage error={step.error} />
      <Form.Item name="causes" label={l('突发原因', 'Cause')} rules={[{ required: true, message: l('请选择原因', 'Choose a cause') }]}>
        <Checkbox.Group options={Object.entries(SUDDEN_CAUSE_LABELS).map(([value, label]) => ({ value, label: l.text(label) }))} />
      </Form.Item>
      <Form.Item name="comment" label={l('说明', 'Comment')}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={step.pending}>
        {l('开通绿色通道（先帮扶后程序）', 'Open the green channel')}
      </Button>
    </Form>
  );
}

/**
 * "按…评估 / evaluate under …" for the identification case: the comparison the case recorded beside
 * the household under another published set — which categories change, the rules' reasons each
 * time, the outcome, and the numbers that differ.
 */
function CaseEvaluateUnder({ view, recordedVersion }: { view: CaseView; recordedVersion: string }) {
  const region = useRegion();
  return (
    <EvaluateUnder testId="evaluate-under" recordedVersion={recordedVersion} regionCode={region.code}>
      {(version) => <CaseReplay caseId={view.id} version={version} />}
    </EvaluateUnder>
  );
}

function CaseReplay({ caseId, version }: { caseId: number; version: string }) {
  const trpc = useTRPC();
  const region = useRegion();
  const replay = useQuery(trpc.monitoring.cases.replay.queryOptions({ regionCode: region.code, caseId, version }));
  if (replay.error) return <ErrorMessage error={replay.error} />;
  if (!replay.data) return <LoadingState />;
  return <HouseholdReplayView replay={replay.data.replay} />;
}

function Evaluation({ view }: { view: CaseView }) {
  const l = useL();
  if (!view.evaluation) return null;
  return (
    <Card
      title={l('四类对象评估（数据比对）', 'Four-category evaluation')}
      data-testid="evaluation"
      extra={<Tag>{l(`参数版本 ${view.evaluation.parameterVersion}`, `Parameters ${view.evaluation.parameterVersion}`)}</Tag>}
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        {view.evaluation.results.map((result) => (
          <div key={result.category}>
            <Space>
              <Tag color={result.matched ? 'red' : 'default'}>{result.matched ? l('符合', 'Matched') : l('不符合', 'Not matched')}</Tag>
              <strong>{l.text(RISK_CATEGORY_LABELS[result.category] ?? result.category)}</strong>
            </Space>
            <ul style={{ margin: '4px 0 0', paddingLeft: 20, color: 'rgba(0,0,0,0.65)' }}>
              {result.reasons.map((reason, index) => (
                <li key={`${reason.code}-${index}`}>{l.text(reason.message)}</li>
              ))}
            </ul>
          </div>
        ))}
        {view.objectTypeDecision ? (
          <Alert
            type={view.objectTypeDecision.type ? 'success' : 'warning'}
            showIcon
            title={
              view.objectTypeDecision.type
                ? l(
                    `拟认定为：${l.text(OBJECT_TYPE_LABELS[view.objectTypeDecision.type])}`,
                    `Proposed type: ${l.text(OBJECT_TYPE_LABELS[view.objectTypeDecision.type])}`,
                  )
                : l('按现行标准不属于监测对象', 'Not a monitoring object under current parameters')
            }
            description={view.objectTypeDecision.reasons.map((reason) => l.text(reason.message)).join('；')}
          />
        ) : null}
        <CaseEvaluateUnder view={view} recordedVersion={view.evaluation.parameterVersion} />
      </Space>
    </Card>
  );
}

function Signals({ signals }: { signals: readonly SignalRecord[] }) {
  const l = useL();
  return (
    <Card title={l('风险线索', 'Risk signals')} data-testid="signals">
      <Space orientation="vertical" style={{ width: '100%' }}>
        {signals.map((signal) => {
          const attachments = Array.isArray(signal.evidence.attachments) ? (signal.evidence.attachments as { name: string }[]) : [];
          return (
            <div key={signal.id} style={{ borderBottom: '1px solid #f0f0f0', paddingBottom: 8 }}>
              <Space wrap>
                <Tag color="blue">{l.text(SIGNAL_SOURCE_LABELS[signal.source])}</Tag>
                {signal.department ? <Tag>{signal.department}</Tag> : null}
                <span>{signal.detectedOn}</span>
                <span style={{ color: 'rgba(0,0,0,0.45)' }}>{signal.reportedBy}</span>
              </Space>
              <div style={{ marginTop: 4 }}>{signal.summary}</div>
              {signal.riskTypes.length > 0 ? (
                <div style={{ marginTop: 4 }}>
                  {signal.riskTypes.map((type) => (
                    <Tag key={type}>{l.text(RISK_TYPE_LABELS[type] ?? type)}</Tag>
                  ))}
                </div>
              ) : null}
              {attachments.length > 0 ? (
                <div style={{ marginTop: 4, color: 'rgba(0,0,0,0.65)' }}>
                  {l('证据：', 'Evidence: ')}
                  {attachments.map((item) => item.name).join('、')}
                </div>
              ) : null}
              {signal.source === 'department' && signal.evidence.fileName ? (
                <div style={{ color: 'rgba(0,0,0,0.65)' }}>
                  {l(
                    `比对文件 ${String(signal.evidence.fileName)} 第 ${String(signal.evidence.row ?? '')} 行`,
                    `File ${String(signal.evidence.fileName)}, row ${String(signal.evidence.row ?? '')}`,
                  )}
                </div>
              ) : null}
            </div>
          );
        })}
      </Space>
    </Card>
  );
}

function Household({ householdId }: { householdId: number }) {
  const l = useL();
  const region = useRegion();
  const registry = useRegistryTRPC();
  const household = useQuery(registry.registry.households.get.queryOptions({ regionCode: region.code, id: householdId }));
  const head = household.data?.members.find((member) => member.relation === 'head');
  return (
    <Card title={l('农户', 'Household')} size="small" data-testid="case-household">
      {household.error ? <ErrorMessage error={household.error} /> : null}
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={l('户主', 'Head')}>
          <Link to={pluginHref('registry', `households/${householdId}`)} data-testid="case-household-link">
            {head?.name ? l(`${head.name}户`, `${head.name} household`) : l('查看农户', 'Open the household')}
          </Link>
        </Descriptions.Item>
        <Descriptions.Item label={l('住址', 'Address')}>{household.data?.household.address ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={l('人口', 'Members')}>{household.data?.members.length ?? '—'}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

function History({ entries }: { entries: readonly HistoryEntry[] }) {
  const l = useL();
  return (
    <Card title={l('办理记录', 'Steps taken')} data-testid="history">
      <Timeline
        items={entries.map((entry) => ({
          key: entry.id,
          color: entry.action === 'return' || entry.action === 'reject' ? 'red' : entry.action === 'approve' ? 'green' : 'blue',
          content: (
            <div>
              <strong>{l.text(HISTORY_ACTION_LABELS[entry.action] ?? { 'zh-CN': entry.action, en: entry.action })}</strong>
              <span style={{ color: 'rgba(0,0,0,0.45)', marginLeft: 8 }}>
                {entry.on} · {entry.actor}
              </span>
              {entry.comment ? <div>{entry.comment}</div> : null}
              {entry.attachments.length > 0 ? (
                <div style={{ color: 'rgba(0,0,0,0.65)' }}>
                  {l('附件：', 'Attachments: ')}
                  {entry.attachments.map((item) => item.name).join('、')}
                </div>
              ) : null}
            </div>
          ),
        }))}
      />
    </Card>
  );
}

function Measures({ view, measures, included }: { view: CaseView; measures: readonly MeasureRecord[]; included: boolean }) {
  const l = useL();
  const shell = useShell();
  const canWrite = shell.hasPermission('monitoring.measure.write') && (included || view.greenChannel);
  if (!included && !view.greenChannel && measures.length === 0) return null;
  return (
    <Card title={l('帮扶措施（缺什么补什么）', 'Assistance measures')} data-testid="measures">
      <Table<MeasureRecord>
        size="small"
        rowKey="id"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={[...measures]}
        locale={{ emptyText: l('尚未登记帮扶措施', 'No measures yet') }}
        columns={[
          { key: 'kind', title: l('措施', 'Measure'), render: (_, row) => l.text(MEASURE_KIND_LABELS[row.kind] ?? row.kind) },
          { key: 'unit', title: l('责任单位', 'Unit'), dataIndex: 'responsibleUnit' },
          { key: 'amount', title: l('金额（元）', 'Amount (yuan)'), render: (_, row) => yuan(row.amountFen) },
          { key: 'start', title: l('开始', 'Start'), dataIndex: 'startOn' },
          {
            key: 'status',
            title: l('状态', 'Status'),
            render: (_, row) => (
              <Space>
                {l.text(MEASURE_STATUS_LABELS[row.status])}
                {row.greenChannel ? <Tag color="green">{l('绿色通道', 'green channel')}</Tag> : null}
              </Space>
            ),
          },
        ]}
      />
      {canWrite ? <AddMeasure householdId={view.householdId} /> : null}
    </Card>
  );
}

function AddMeasure({ householdId }: { householdId: number }) {
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const suggestions = useQuery(trpc.monitoring.measures.suggest.queryOptions({ regionCode: region.code, householdId }));
  const add = useMutation(trpc.monitoring.measures.add.mutationOptions());
  const step = useStepMutation();
  const [form] = Form.useForm<{ kind: string; responsibleUnit: string; amountYuan?: number; startOn: string; note?: string }>();
  const suggested = new Set((suggestions.data?.suggestions ?? []).map((item) => item.measure as string));
  return (
    <div style={{ marginTop: 16 }}>
      {suggestions.data && suggestions.data.suggestions.length > 0 ? (
        <div style={{ marginBottom: 8 }} data-testid="measure-suggestions">
          {l('建议措施：', 'Suggested: ')}
          {suggestions.data.suggestions.map((item) => (
            <Tag key={item.measure} color="gold" style={{ cursor: 'pointer' }} onClick={() => form.setFieldsValue({ kind: item.measure })}>
              {l.text(MEASURE_KIND_LABELS[item.measure] ?? item.measure)}
            </Tag>
          ))}
        </div>
      ) : null}
      <Form
        form={form}
        name="measure"
        layout="vertical"
        onFinish={(values) =>
          void step.run(
            () =>
              add.mutateAsync({
                regionCode: region.code,
                householdId,
                kind: values.kind as never,
                responsibleUnit: values.responsibleUnit,
                amountFen: Math.round((values.amountYuan ?? 0) * 100),
                startOn: values.startOn,
                note: values.note ?? '',
              }),
            l('帮扶措施已登记', 'Measure recorded'),
            form,
          )
        }
      >
        <ErrorMessage error={step.error} />
        <Space wrap align="start">
          <Form.Item name="kind" label={l('措施', 'Measure')} rules={[{ required: true, message: l('请选择措施', 'Choose a measure') }]}>
            <Select
              style={{ width: 220 }}
              data-testid="measure-kind"
              options={Object.entries(MEASURE_KIND_LABELS).map(([value, label]) => ({
                value,
                label: `${l.text(label)}${suggested.has(value) ? l('（建议）', ' (suggested)') : ''}`,
              }))}
            />
          </Form.Item>
          <Form.Item
            name="responsibleUnit"
            label={l('责任单位', 'Responsible unit')}
            rules={[{ required: true, min: 2, message: l('请填写责任单位', 'Give the unit') }]}
          >
            <Input style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="amountYuan" label={l('金额（元）', 'Amount (yuan)')}>
            <InputNumber min={0} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item
            name="startOn"
            label={l('开始日期', 'Start')}
            initialValue={shanghaiToday()}
            rules={[{ required: true, message: l('请选择日期', 'Choose a date') }]}
          >
            <Input type="date" style={{ width: 160 }} />
          </Form.Item>
        </Space>
        <Button type="primary" htmlType="submit" loading={step.pending} data-testid="measure-submit">
          {l('登记帮扶措施', 'Record measure')}
        </Button>
      </Form>
    </div>
  );
}
