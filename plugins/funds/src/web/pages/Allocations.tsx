import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Form, Input, InputNumber, Modal, Radio, Select, Space } from 'antd';
import {
  applyFieldErrors,
  type DataColumn,
  DataTable,
  describeError,
  formatFen,
  newIdempotencyKey,
  parseYuanToFen,
  useL,
  useRegion,
  useShell,
  useTableParams,
} from '@zhenxing/ui';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import type { FundUse } from '../../index.ts';
import { LEVELS, RegionName, USES, useFundsYear, YearSelect } from '../shared.tsx';
import { useTRPC } from '../trpc.ts';

export default function Allocations() {
  const l = useL();
  const region = useRegion();
  const shell = useShell();
  const trpc = useTRPC();
  const [search, setSearch] = useSearchParams();
  const [year, setYear] = useFundsYear();
  const prefillProjectId = Number(search.get('projectId')) || undefined;
  const prefillTitle = search.get('projectTitle') ?? undefined;
  const canManage = shell.hasPermission('funds.fund.manage') && region.countyCode !== null;
  const [creating, setCreating] = useState(Boolean(prefillProjectId) && canManage);
  const allocations = useQuery(trpc.funds.allocations.list.queryOptions({ regionCode: region.code, year }));
  const { params, setParams } = useTableParams({ pageSize: 20 });
  type Row = NonNullable<typeof allocations.data>[number];

  const columns: DataColumn<Row>[] = [
    {
      key: 'countyCode',
      title: l('县（市、区）', 'County'),
      render: (_, row) => <RegionName code={row.countyCode} />,
      defaultHidden: region.countyCode !== null,
    },
    { key: 'documentNumber', title: l('批次文号', 'Batch'), render: (_, row) => `${l.text(LEVELS[row.level] ?? row.level)} ${row.documentNumber}` },
    { key: 'use', title: l('用途', 'Use'), render: (_, row) => l.text(USES[row.use] ?? row.use), exportValue: (row) => l.text(USES[row.use] ?? row.use) },
    { key: 'purpose', title: l('具体用途', 'Purpose') },
    { key: 'projectTitle', title: l('项目', 'Project'), render: (_, row) => (row.projectId ? `#${row.projectId} ${row.projectTitle ?? ''}` : '—') },
    {
      key: 'amountFen',
      title: l('金额（元）', 'Amount (yuan)'),
      align: 'right',
      render: (_, row) => formatFen(row.amountFen),
      exportValue: (row) => formatFen(row.amountFen),
    },
    {
      key: 'spentFen',
      title: l('已支出（元）', 'Spent (yuan)'),
      align: 'right',
      render: (_, row) => formatFen(row.spentFen),
      exportValue: (row) => formatFen(row.spentFen),
    },
    {
      key: 'flags',
      title: l('标记', 'Markers'),
      render: (_, row) =>
        [row.linksFarmers ? l('联农带农富农', 'Links farmers') : '', row.reachesHouseholds ? l('到人到户', 'Reaches households') : '']
          .filter(Boolean)
          .join('、') || '—',
    },
  ];

  return (
    <div data-testid="funds-allocations">
      <h1 className="zx-page-title">{l('资金安排', 'Allocations')}</h1>
      <DataTable<Row>
        tableId="funds-allocations"
        columns={columns}
        rows={allocations.data}
        total={allocations.data?.length}
        loading={allocations.isFetching}
        error={allocations.error}
        onRetry={() => void allocations.refetch()}
        params={params}
        onParamsChange={setParams}
        rowKey="id"
        exportName={l('资金安排', 'allocations')}
        toolbar={
          <>
            <YearSelect value={year} onChange={setYear} />
            {canManage ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="allocation-create">
                {l('安排资金', 'Allocate')}
              </Button>
            ) : null}
          </>
        }
      />
      {creating ? (
        <AllocationModal
          year={year}
          projectId={prefillProjectId}
          projectTitle={prefillTitle}
          onClose={() => {
            setCreating(false);
            if (search.has('projectId')) setSearch({}, { replace: true });
          }}
        />
      ) : null}
    </div>
  );
}

interface AllocationForm {
  batchId?: number;
  use: FundUse;
  purpose: string;
  amountYuan: string;
  toProject: boolean;
  projectId?: number;
  projectTitle?: string;
  flags?: string[];
}

function AllocationModal({
  year,
  projectId,
  projectTitle,
  onClose,
}: {
  year: number;
  projectId: number | undefined;
  projectTitle: string | undefined;
  onClose: () => void;
}) {
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<AllocationForm>();
  const [key] = useState(() => newIdempotencyKey('alloc'));
  const batches = useQuery(trpc.funds.batches.list.queryOptions({ regionCode: region.code, year }));
  const create = useMutation(trpc.funds.allocations.create.mutationOptions());
  const toProject = Form.useWatch('toProject', form);
  const batchId = Form.useWatch('batchId', form);
  const batch = batches.data?.find((row) => row.id === batchId);

  const onFinish = async (values: AllocationForm) => {
    const amountFen = parseYuanToFen(values.amountYuan);
    if (amountFen === null || values.batchId === undefined) return;
    const flags = new Set(values.flags ?? []);
    try {
      await create.mutateAsync({
        regionCode: region.code,
        batchId: values.batchId,
        use: values.use,
        purpose: values.purpose,
        amountFen,
        ...(values.toProject && values.projectId && values.projectTitle ? { projectId: values.projectId, projectTitle: values.projectTitle } : {}),
        linksFarmers: flags.has('linksFarmers'),
        reachesHouseholds: flags.has('reachesHouseholds'),
        idempotencyKey: key,
      });
      message.success(l('已安排', 'Allocated'));
      await queryClient.invalidateQueries();
      onClose();
    } catch (error) {
      if (!applyFieldErrors(form, error, l.locale)) message.error(describeError(error, l.locale).message);
    }
  };

  return (
    <Modal
      open
      title={l('安排资金', 'Allocate funds')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={create.isPending}
      okText={l('保存', 'Save')}
      cancelText={l('取消', 'Cancel')}
      destroyOnHidden
      width={600}
    >
      <Form<AllocationForm>
        form={form}
        layout="vertical"
        onFinish={(values) => void onFinish(values)}
        data-testid="allocation-form"
        initialValues={{ use: 'industry', purpose: projectTitle ? '产业发展' : '', toProject: Boolean(projectId), projectId, projectTitle }}
      >
        <Form.Item name="batchId" label={l('资金批次', 'Batch')} rules={[{ required: true, message: l('请选择批次', 'Choose a batch') }]}>
          <Select
            loading={batches.isPending}
            data-testid="allocation-batch"
            options={(batches.data ?? []).map((row) => ({
              value: row.id,
              label: `${l.text(LEVELS[row.level] ?? row.level)} ${row.documentNumber}（${l('未安排', 'unallocated')} ${formatFen(row.unallocatedFen)}）`,
            }))}
          />
        </Form.Item>
        {batch ? (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            title={l(`该批次尚可安排 ${formatFen(batch.unallocatedFen)} 元`, `${formatFen(batch.unallocatedFen)} yuan left in this batch`)}
          />
        ) : null}
        <Form.Item name="use" label={l('用途', 'Use')} rules={[{ required: true }]}>
          <Radio.Group
            options={[
              { value: 'industry', label: l.text(USES.industry) },
              { value: 'other', label: l.text(USES.other) },
            ]}
          />
        </Form.Item>
        <Form.Item name="purpose" label={l('具体用途', 'Purpose')} rules={[{ required: true, message: l('请填写具体用途', 'Enter the purpose') }]}>
          <Input maxLength={200} placeholder={l('产业发展 / 基础设施 / 就业帮扶', 'Industry / infrastructure / employment')} />
        </Form.Item>
        <Form.Item
          name="amountYuan"
          label={l('金额（元）', 'Amount (yuan)')}
          rules={[
            { required: true, message: l('请填写金额', 'Enter the amount') },
            {
              validator: async (_, value: string) => {
                if (value && parseYuanToFen(value) === null) throw new Error(l('请输入正确金额，最多两位小数', 'Enter an amount with at most 2 decimals'));
              },
            },
          ]}
        >
          <Input inputMode="decimal" />
        </Form.Item>
        <Form.Item name="toProject" valuePropName="checked">
          <Checkbox>{l('安排到项目库中的具体项目', 'To a project of the project library')}</Checkbox>
        </Form.Item>
        {toProject ? (
          <Space align="start" wrap>
            <Form.Item
              name="projectId"
              label={l('项目编号', 'Project No.')}
              rules={[{ required: true, message: l('请填写项目编号', 'Enter the project number') }]}
            >
              <InputNumber min={1} precision={0} />
            </Form.Item>
            <Form.Item
              name="projectTitle"
              label={l('项目名称', 'Project title')}
              rules={[{ required: true, message: l('请填写项目名称', 'Enter the project title') }]}
            >
              <Input style={{ width: 320 }} maxLength={200} />
            </Form.Item>
          </Space>
        ) : null}
        <Form.Item name="flags" label={l('标记', 'Markers')}>
          <Checkbox.Group
            options={[
              { value: 'linksFarmers', label: l('联农带农富农', 'Links farmers') },
              { value: 'reachesHouseholds', label: l('到人到户', 'Reaches households') },
            ]}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
