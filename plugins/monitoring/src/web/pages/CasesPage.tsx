import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  DataTable,
  ErrorMessage,
  RegionName,
  StatusBadge,
  applyFieldErrors,
  pluginHref,
  useL,
  useRegion,
  useShell,
  useTableParams,
  type DataColumn,
} from '@zhenxing/ui';
import { App, Button, Checkbox, Drawer, Form, Input, Select, Space, Switch, Tag } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { CASE_STEPS, type CaseStep, type CaseView } from '../../index.ts';
import { CountdownTag, HouseholdLink, householdLabel } from '../components.tsx';
import { CASE_STEP_LABELS, CASE_STEP_STATUSES, DEADLINE_STATUS_LABELS, RISK_TYPE_LABELS, SUDDEN_CAUSE_LABELS } from '../labels.ts';
import { useRegistryTRPC, useTRPC } from '../trpc.ts';

type DeadlineFilter = 'on-track' | 'warning' | 'overdue' | 'done-on-time' | 'done-late';

export default function CasesPage() {
  const l = useL();
  const region = useRegion();
  const shell = useShell();
  const trpc = useTRPC();
  const { params, setParams, patch } = useTableParams({ pageSize: 20 });
  // The home page's to-dos link here with ?step=… (e.g. 待审核 → township-review).
  const [searchParams] = useSearchParams();
  const [step, setStep] = useState<CaseStep | undefined>(() => CASE_STEPS.find((candidate) => candidate === searchParams.get('step')));
  const [open, setOpen] = useState<boolean | undefined>(undefined);
  const [deadline, setDeadline] = useState<DeadlineFilter | undefined>();
  const [reporting, setReporting] = useState(false);
  const input = {
    regionCode: region.code,
    step,
    open,
    deadlineStatus: deadline,
    limit: params.pageSize + 1,
    offset: (params.page - 1) * params.pageSize,
  };
  const list = useQuery(trpc.monitoring.cases.list.queryOptions(input));
  const rows = list.data?.slice(0, params.pageSize);
  const hasMore = (list.data?.length ?? 0) > params.pageSize;
  const total = list.data ? (params.page - 1) * params.pageSize + (rows?.length ?? 0) + (hasMore ? 1 : 0) : undefined;

  const columns: DataColumn<CaseView>[] = [
    { key: 'id', title: l('编号', 'No.'), render: (_, row) => <Link to={pluginHref('monitoring', `cases/${row.id}`)}>#{row.id}</Link> },
    {
      key: 'householdId',
      title: l('农户', 'Household'),
      render: (_, row) => <HouseholdLink householdId={row.householdId} headName={row.headName} />,
      exportValue: (row) => householdLabel(row, l),
    },
    { key: 'villageCode', title: l('村（社区）', 'Village'), defaultHidden: true, render: (_, row) => <RegionName code={row.villageCode} /> },
    {
      key: 'step',
      title: l('当前环节', 'Step'),
      render: (_, row) => <StatusBadge status={row.step} statuses={CASE_STEP_STATUSES} />,
      exportValue: (row) => l.text(CASE_STEP_LABELS[row.step]),
    },
    { key: 'deadline', title: l('15天时限', '15-day clock'), render: (_, row) => <CountdownTag view={row} />, exportValue: (row) => row.deadlineOn },
    { key: 'discoveredOn', title: l('发现日期', 'Found on') },
    {
      key: 'riskTypes',
      title: l('风险类型', 'Risk types'),
      render: (_, row) => row.riskTypes.map((type) => <Tag key={type}>{l.text(RISK_TYPE_LABELS[type] ?? type)}</Tag>),
      exportValue: (row) => row.riskTypes.map((type) => l.text(RISK_TYPE_LABELS[type] ?? type)).join('、'),
    },
    {
      key: 'greenChannel',
      title: l('绿色通道', 'Green channel'),
      render: (_, row) => (row.greenChannel ? <Tag color="green">{l('已开通', 'open')}</Tag> : null),
      exportValue: (row) => (row.greenChannel ? 1 : 0),
    },
  ];

  return (
    <div data-testid="monitoring-cases">
      <h1 className="zx-page-title">{l('风险线索与认定', 'Risks and cases')}</h1>
      <DataTable<CaseView>
        tableId="monitoring-cases"
        columns={columns}
        rows={rows}
        total={total}
        loading={list.isFetching}
        error={list.error}
        onRetry={() => void list.refetch()}
        params={params}
        onParamsChange={setParams}
        rowKey="id"
        exportName={l('监测认定', 'monitoring-cases')}
        toolbar={
          <Space wrap>
            {shell.hasPermission('monitoring.signal.report') ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setReporting(true)} data-testid="report-risk">
                {l('报告风险', 'Report a risk')}
              </Button>
            ) : null}
            <Select<CaseStep>
              allowClear
              placeholder={l('全部环节', 'All steps')}
              style={{ width: 140 }}
              value={step}
              onChange={(value) => {
                setStep(value);
                patch({});
              }}
              options={CASE_STEPS.map((value) => ({ value, label: l.text(CASE_STEP_LABELS[value]) }))}
              data-testid="filter-step"
            />
            <Select<DeadlineFilter>
              allowClear
              placeholder={l('时限状态', 'Deadline')}
              style={{ width: 130 }}
              value={deadline}
              onChange={(value) => {
                setDeadline(value);
                patch({});
              }}
              options={(['on-track', 'warning', 'overdue', 'done-on-time', 'done-late'] as const).map((value) => ({
                value,
                label: l.text(DEADLINE_STATUS_LABELS[value]),
              }))}
            />
            <Select<'open' | 'closed'>
              allowClear
              placeholder={l('办理中/已办结', 'Open/closed')}
              style={{ width: 130 }}
              value={open === undefined ? undefined : open ? 'open' : 'closed'}
              onChange={(value) => {
                setOpen(value === undefined ? undefined : value === 'open');
                patch({});
              }}
              options={[
                { value: 'open', label: l('办理中', 'Open') },
                { value: 'closed', label: l('已办结', 'Closed') },
              ]}
            />
          </Space>
        }
      />
      {reporting ? <ReportRiskDrawer onClose={() => setReporting(false)} /> : null}
    </div>
  );
}

interface ReportValues {
  householdId: number;
  source: 'self-report' | 'cadre-screening' | 'visit';
  summary: string;
  riskTypes: string[];
  detectedOn?: string;
  sudden: boolean;
  causes?: ('disaster' | 'epidemic' | 'accident' | 'other')[];
}

/** 报告风险 (signals.report): a self-report, a cadre's screening or a visit finding. */
function ReportRiskDrawer({ onClose }: { onClose: () => void }) {
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const registry = useRegistryTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<ReportValues>();
  const [search, setSearch] = useState('');
  const households = useQuery(registry.registry.households.list.queryOptions({ regionCode: region.code, search: search || undefined, pageSize: 20 }));
  const sudden = Form.useWatch('sudden', form);
  const report = useMutation(trpc.monitoring.signals.report.mutationOptions());

  const submit = async (values: ReportValues) => {
    try {
      const result = await report.mutateAsync({
        regionCode: region.code,
        householdId: values.householdId,
        source: values.source,
        summary: values.summary,
        riskTypes: values.riskTypes as never[],
        detectedOn: values.detectedOn || undefined,
        suddenRisk: values.sudden && values.causes?.length ? { sudden: true, causes: values.causes } : undefined,
        attachments: [],
      });
      await queryClient.invalidateQueries({ queryKey: trpc.monitoring.pathKey() });
      message.success(
        result.opened
          ? l(`已报告风险，启动认定（案件 #${result.caseId}）`, `Risk reported; case #${result.caseId} opened`)
          : result.caseId
            ? l(`已并入正在办理的案件 #${result.caseId}`, `Added to open case #${result.caseId}`)
            : l('已记录为监测户的新风险', 'Recorded as a new risk of a monitored household'),
      );
      onClose();
      if (result.caseId) void navigate(pluginHref('monitoring', `cases/${result.caseId}`));
    } catch (error) {
      applyFieldErrors(form, error, l.locale);
    }
  };

  return (
    <Drawer open onClose={onClose} title={l('报告风险', 'Report a risk')} size={440} destroyOnHidden data-testid="report-drawer">
      <ErrorMessage error={report.error} />
      <Form<ReportValues>
        form={form}
        layout="vertical"
        initialValues={{ source: 'cadre-screening', riskTypes: [], sudden: false }}
        onFinish={(values) => void submit(values)}
        data-testid="report-form"
      >
        <Form.Item
          name="householdId"
          label={l('农户（户主姓名或地址）', 'Household (head or address)')}
          rules={[{ required: true, message: l('请选择农户', 'Choose a household') }]}
        >
          <Select
            showSearch={{ filterOption: false, onSearch: setSearch }}
            loading={households.isFetching}
            placeholder={l('输入户主姓名搜索', 'Type the head’s name')}
            options={(households.data?.items ?? []).map((item) => ({ value: item.id, label: `${item.headName} · ${item.address}` }))}
            data-testid="report-household"
          />
        </Form.Item>
        <Form.Item name="source" label={l('来源', 'Source')} rules={[{ required: true }]}>
          <Select
            options={[
              { value: 'self-report', label: l('农户自主申报', 'Household self-report') },
              { value: 'cadre-screening', label: l('干部排查', 'Cadre screening') },
              { value: 'visit', label: l('走访发现', 'Found on a visit') },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="summary"
          label={l('风险情况', 'What happened')}
          rules={[{ required: true, min: 2, message: l('请填写风险情况', 'Describe the risk') }]}
        >
          <Input.TextArea rows={3} maxLength={1000} data-testid="report-summary" />
        </Form.Item>
        <Form.Item name="riskTypes" label={l('风险类型', 'Risk types')}>
          <Select
            mode="multiple"
            options={Object.entries(RISK_TYPE_LABELS).map(([value, label]) => ({ value, label: l.text(label) }))}
            data-testid="report-risk-types"
          />
        </Form.Item>
        <Form.Item name="detectedOn" label={l('发现日期（默认今天）', 'Found on (default today)')}>
          <Input type="date" />
        </Form.Item>
        <Form.Item name="sudden" label={l('因灾因疫等突发风险', 'Sudden risk (disaster, epidemic …)')} valuePropName="checked">
          <Switch />
        </Form.Item>
        {sudden ? (
          <Form.Item name="causes" label={l('突发原因', 'Cause')} rules={[{ required: true, message: l('请选择原因', 'Choose a cause') }]}>
            <Checkbox.Group options={Object.entries(SUDDEN_CAUSE_LABELS).map(([value, label]) => ({ value, label: l.text(label) }))} />
          </Form.Item>
        ) : null}
        <Button type="primary" htmlType="submit" loading={report.isPending} block data-testid="report-submit">
          {l('提交', 'Submit')}
        </Button>
      </Form>
    </Drawer>
  );
}
