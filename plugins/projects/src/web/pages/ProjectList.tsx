import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Checkbox, Form, Input, InputNumber, Modal, Select, Space } from 'antd';
import {
  applyFieldErrors,
  type DataColumn,
  DataTable,
  describeError,
  formatBasisPoints,
  formatFen,
  parseYuanToFen,
  RegionPicker,
  StatusBadge,
  useL,
  useRegion,
  useShell,
  useTableParams,
} from '@zhenxing/ui';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { PROJECT_CATEGORIES, PROJECT_STAGES, type ProjectStage } from '../../index.ts';
import { RegionName, UrgencyTags } from '../components.tsx';
import { CATEGORIES, STAGES } from '../labels.ts';
import { useTRPC } from '../trpc.ts';

export default function ProjectList() {
  const l = useL();
  const region = useRegion();
  const shell = useShell();
  const trpc = useTRPC();
  const [stage, setStage] = useState<ProjectStage | undefined>();
  const [creating, setCreating] = useState(false);
  const projects = useQuery(trpc.projects.list.queryOptions({ regionCode: region.code, stage }));
  const { params, setParams } = useTableParams({ pageSize: 20 });
  type Row = NonNullable<typeof projects.data>[number];

  const columns: DataColumn<Row>[] = [
    {
      key: 'title',
      title: l('项目名称', 'Project'),
      render: (_, row) => (
        <Space size={4} wrap>
          <Link to={`/projects/${row.id}`} data-testid={`project-link-${row.id}`}>
            {row.title}
          </Link>
          <UrgencyTags project={row} />
        </Space>
      ),
    },
    { key: 'villageCode', title: l('申报村', 'Village'), render: (_, row) => <RegionName code={row.villageCode} /> },
    {
      key: 'category',
      title: l('类别', 'Category'),
      render: (_, row) => l.text(CATEGORIES[row.category] ?? row.category),
      exportValue: (row) => l.text(CATEGORIES[row.category] ?? row.category),
    },
    {
      key: 'stage',
      title: l('阶段', 'Stage'),
      render: (_, row) => <StatusBadge status={row.stage as ProjectStage} statuses={STAGES} />,
      exportValue: (row) => l.text(STAGES[row.stage as ProjectStage]?.label ?? row.stage),
    },
    {
      key: 'budgetFen',
      title: l('预算（元）', 'Budget (yuan)'),
      align: 'right',
      render: (_, row) => formatFen(row.budgetFen),
      exportValue: (row) => formatFen(row.budgetFen),
    },
    {
      key: 'paidFen',
      title: l('已拨付（元）', 'Paid (yuan)'),
      align: 'right',
      render: (_, row) => formatFen(row.paidFen),
      exportValue: (row) => formatFen(row.paidFen),
    },
    { key: 'progressBasisPoints', title: l('工程进度', 'Progress'), align: 'right', render: (_, row) => formatBasisPoints(row.progressBasisPoints) },
    {
      key: 'households',
      title: l('脱贫户/监测户', 'Households'),
      render: (_, row) => `${row.povertyExitedHouseholds} / ${row.monitoredHouseholds}`,
      defaultHidden: false,
    },
    { key: 'appliedOn', title: l('申报日期', 'Applied on') },
  ];

  return (
    <div data-testid="projects-page">
      <h1 className="zx-page-title">{l('项目库', 'Project library')}</h1>
      <DataTable<Row>
        tableId="projects"
        columns={columns}
        rows={projects.data}
        total={projects.data?.length}
        loading={projects.isFetching}
        error={projects.error}
        onRetry={() => void projects.refetch()}
        params={params}
        onParamsChange={setParams}
        rowKey="id"
        exportName={l('项目库', 'projects')}
        toolbar={
          <>
            <Select
              allowClear
              style={{ minWidth: 160 }}
              placeholder={l('全部阶段', 'All stages')}
              value={stage}
              onChange={(value: ProjectStage | undefined) => setStage(value)}
              options={PROJECT_STAGES.map((value) => ({ value, label: l.text(STAGES[value].label) }))}
              data-testid="stage-filter"
            />
            {shell.hasPermission('projects.project.apply') ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="project-create">
                {l('申报项目', 'Apply for a project')}
              </Button>
            ) : null}
          </>
        }
      />
      {creating ? <ApplyProjectModal onClose={() => setCreating(false)} /> : null}
    </div>
  );
}

interface ApplyForm {
  villageCode?: string;
  title: string;
  category: string;
  budgetYuan: string;
  description?: string;
  flags?: string[];
  povertyExitedHouseholds?: number;
  monitoredHouseholds?: number;
}

function ApplyProjectModal({ onClose }: { onClose: () => void }) {
  const l = useL();
  const shell = useShell();
  const region = useRegion();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<ApplyForm>();
  const ownVillage = shell.user.scopeCode.length === 12 ? shell.user.scopeCode : region.code.length === 12 ? region.code : undefined;
  const submit = useMutation(trpc.projects.submit.mutationOptions());

  const onFinish = async (values: ApplyForm) => {
    const budgetFen = parseYuanToFen(values.budgetYuan);
    const villageCode = ownVillage ?? values.villageCode;
    if (budgetFen === null || !villageCode) return;
    const flags = new Set(values.flags ?? []);
    try {
      const project = await submit.mutateAsync({
        regionCode: region.code,
        villageCode,
        title: values.title,
        category: values.category as (typeof PROJECT_CATEGORIES)[number],
        description: values.description ?? '',
        budgetFen,
        epidemicUrgent: flags.has('epidemicUrgent'),
        raisesIncome: flags.has('raisesIncome'),
        linksFarmers: flags.has('linksFarmers'),
        reachesHouseholds: flags.has('reachesHouseholds'),
        povertyExitedHouseholds: values.povertyExitedHouseholds ?? 0,
        monitoredHouseholds: values.monitoredHouseholds ?? 0,
      });
      message.success(l('已申报', 'Applied'));
      await queryClient.invalidateQueries({ queryKey: trpc.projects.pathKey() });
      onClose();
      void navigate(`/projects/${project.id}`);
    } catch (error) {
      if (!applyFieldErrors(form, error, l.locale)) message.error(describeError(error, l.locale).message);
    }
  };

  return (
    <Modal
      open
      title={l('申报项目', 'Apply for a project')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={submit.isPending}
      okText={l('提交申报', 'Submit')}
      cancelText={l('取消', 'Cancel')}
      destroyOnHidden
      width={640}
    >
      <Form<ApplyForm>
        form={form}
        layout="vertical"
        onFinish={(values) => void onFinish(values)}
        data-testid="project-form"
        initialValues={{ category: 'industry', povertyExitedHouseholds: 0, monitoredHouseholds: 0 }}
      >
        {ownVillage ? (
          <Form.Item label={l('申报村', 'Village')}>
            <RegionName code={ownVillage} />
          </Form.Item>
        ) : (
          <Form.Item name="villageCode" label={l('申报村', 'Village')} rules={[{ required: true, message: l('请选择村', 'Choose a village') }]}>
            <VillageField />
          </Form.Item>
        )}
        <Form.Item
          name="title"
          label={l('项目名称', 'Title')}
          rules={[{ required: true, min: 2, max: 200, message: l('请填写项目名称（2–200 字）', 'Enter a title (2–200 characters)') }]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="category" label={l('类别', 'Category')} rules={[{ required: true }]}>
          <Select options={PROJECT_CATEGORIES.map((value) => ({ value, label: l.text(CATEGORIES[value]) }))} />
        </Form.Item>
        <Form.Item
          name="budgetYuan"
          label={l('项目预算（元）', 'Budget (yuan)')}
          rules={[
            { required: true, message: l('请填写预算', 'Enter the budget') },
            {
              validator: async (_, value: string) => {
                if (value && parseYuanToFen(value) === null) throw new Error(l('请输入正确金额，最多两位小数', 'Enter an amount with at most 2 decimals'));
              },
            },
          ]}
        >
          <Input inputMode="decimal" placeholder="100000.00" />
        </Form.Item>
        <Form.Item name="description" label={l('项目内容', 'Description')}>
          <Input.TextArea rows={2} maxLength={4000} />
        </Form.Item>
        <Form.Item name="flags" label={l('项目属性', 'Attributes')}>
          <Checkbox.Group
            options={[
              { value: 'epidemicUrgent', label: l('因疫情急需实施', 'Urgent because of the epidemic') },
              { value: 'raisesIncome', label: l('有利于脱贫户和监测户增收', 'Raises incomes of households out of poverty / monitored') },
              { value: 'linksFarmers', label: l('联农带农富农', 'Links farmers') },
              { value: 'reachesHouseholds', label: l('到人到户', 'Reaches households') },
            ]}
          />
        </Form.Item>
        <Space>
          <Form.Item name="povertyExitedHouseholds" label={l('受益脱贫户', 'Households out of poverty')}>
            <InputNumber min={0} precision={0} />
          </Form.Item>
          <Form.Item name="monitoredHouseholds" label={l('受益监测户', 'Monitored households')}>
            <InputNumber min={0} precision={0} />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

function VillageField({ value, onChange }: { value?: string; onChange?: (value: string) => void }) {
  const l = useL();
  return (
    <RegionPicker
      value={value}
      onChange={(code) => onChange?.(code)}
      anyLevel={false}
      placeholder={l('选择村', 'Choose a village')}
      style={{ width: '100%' }}
    />
  );
}
