/**
 * 暗访记录: the province or a city records an unannounced visit of a county, township or village
 * (date, inspectors, households visited, notes) with the problems found — each with a category,
 * a household, evidence photos, the responsible region and a deadline — as a draft, then submits
 * it: only then does the inspected region see it, and each problem becomes a rectification task.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { applyFieldErrors, ErrorMessage, uploadFile, useL, useRegion, useRegionInfo, useShell } from '@zhenxing/ui';
import { App, Button, Card, Checkbox, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { INSPECTION_PROBLEM_CATEGORIES, INSPECTION_PROBLEM_LABELS, TASK_STATUS_LABELS, type InspectionView } from '../../index.ts';
import { useTRPC } from '../trpc.ts';

const DATE = { pattern: /^\d{4}-\d{2}-\d{2}$/, message: 'YYYY-MM-DD' };
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

interface ProblemDraft {
  category: (typeof INSPECTION_PROBLEM_CATEGORIES)[number];
  description: string;
  householdId?: number;
  responsibleRegionCode: string;
  deadline: string;
}

export default function InspectionsPage() {
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { hasPermission } = useShell();
  const manage = hasPermission('assessment.inspection.manage');
  const [creating, setCreating] = useState(false);
  const [target, setTarget] = useState(region.code);
  const [evidence, setEvidence] = useState<Record<number, string[]>>({});
  const [uploadError, setUploadError] = useState<unknown>(null);
  const [form] = Form.useForm();
  const targetInfo = useRegionInfo(/^\d{6}(\d{3}){0,2}$/.test(target) ? target : null);
  const list = useQuery(trpc.assessment.inspections.list.queryOptions({ regionCode: region.code }));
  const households = useQuery({
    ...trpc.assessment.inspections.households.queryOptions({ regionCode: region.code, targetRegionCode: target }),
    enabled: creating && /^\d{6}(\d{3}){0,2}$/.test(target),
  });
  const create = useMutation(trpc.assessment.inspections.create.mutationOptions());
  const submit = useMutation(trpc.assessment.inspections.submit.mutationOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.assessment.pathKey() });
  const householdOptions = (households.data ?? []).map((row) => ({ value: row.householdId, label: `${row.headName}户（${row.villageName}）` }));

  async function addEvidence(index: number, file: File) {
    setUploadError(null);
    try {
      const uploadId = await uploadFile(file, { plugin: 'assessment', purpose: 'finding', regionCode: target.slice(0, 6) });
      setEvidence((current) => ({ ...current, [index]: [...(current[index] ?? []), uploadId] }));
    } catch (caught) {
      setUploadError(caught);
    }
  }

  async function save() {
    const values = (await form.validateFields()) as {
      visitedOn: string;
      inspectors: string;
      householdIds?: number[];
      notes?: string;
      problems?: ProblemDraft[];
    };
    try {
      await create.mutateAsync({
        regionCode: region.code,
        targetRegionCode: target,
        visitedOn: values.visitedOn,
        inspectors: values.inspectors
          .split(/[，,、\s]+/)
          .map((name) => name.trim())
          .filter(Boolean),
        householdIds: values.householdIds ?? [],
        notes: values.notes ?? '',
        problems: (values.problems ?? []).map((problem, index) => ({ ...problem, evidenceUploadIds: evidence[index] ?? [] })),
      });
      message.success(l('已保存暗访记录（草稿）', 'Inspection saved (draft)'));
      setCreating(false);
      setEvidence({});
      form.resetFields();
      await refresh();
    } catch (caught) {
      applyFieldErrors(form, caught, l.locale);
    }
  }

  async function submitInspection(row: InspectionView) {
    await submit.mutateAsync({ regionCode: region.code, inspectionId: row.id });
    message.success(l('已提交，整改任务已下达', 'Submitted; rectification tasks assigned'));
    await refresh();
  }

  return (
    <div data-testid="assessment-inspections">
      <h1 className="zx-page-title">{l('暗访记录', 'Unannounced inspections')}</h1>
      {manage && (
        <Space style={{ marginBottom: 16 }}>
          <Button type="primary" data-testid="new-inspection" onClick={() => setCreating(true)}>
            {l('录入暗访记录', 'Record an inspection')}
          </Button>
        </Space>
      )}
      <ErrorMessage error={list.error ?? submit.error} />
      <Table<InspectionView>
        size="small"
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data ?? []}
        scroll={{ x: 'max-content' }}
        expandable={{
          expandedRowRender: (row) => (
            <Card size="small" data-testid={`inspection-${row.id}`}>
              <p>
                {l('走访农户：', 'Households visited: ')}
                {row.households.map((household) => `${household.headName}户（${household.villageName}）`).join('、') || '—'}
              </p>
              <p>{row.notes}</p>
              {row.tasks.map((task) => (
                <p key={task.id}>
                  <Tag>{l(INSPECTION_PROBLEM_LABELS[task.category]['zh-CN'], INSPECTION_PROBLEM_LABELS[task.category].en)}</Tag>
                  {task.description}（{task.responsibleRegionName}，{l('期限', 'due')} {task.deadline}）
                  <Tag color={task.status === 'accepted' ? 'green' : task.overdue ? 'red' : 'orange'}>
                    {l(TASK_STATUS_LABELS[task.status]['zh-CN'], TASK_STATUS_LABELS[task.status].en)}
                  </Tag>
                </p>
              ))}
            </Card>
          ),
        }}
        columns={[
          { key: 'visitedOn', dataIndex: 'visitedOn', title: l('暗访日期', 'Visited on') },
          { key: 'target', dataIndex: 'targetRegionName', title: l('暗访地区', 'Region') },
          { key: 'by', dataIndex: 'recordedScopeName', title: l('组织单位', 'Recorded by') },
          { key: 'inspectors', title: l('暗访人员', 'Inspectors'), render: (_: unknown, row) => row.inspectors.join('、') },
          { key: 'households', title: l('走访户数', 'Households'), render: (_: unknown, row) => row.households.length },
          { key: 'problems', title: l('发现问题', 'Problems'), render: (_: unknown, row) => row.tasks.length },
          {
            key: 'status',
            title: l('状态', 'Status'),
            render: (_: unknown, row) =>
              row.status === 'draft' ? <Tag color="default">{l('草稿（未下达）', 'Draft')}</Tag> : <Tag color="blue">{l('已提交', 'Submitted')}</Tag>,
          },
          {
            key: 'actions',
            title: l('操作', 'Actions'),
            render: (_: unknown, row) =>
              manage && row.status === 'draft' ? (
                <Button
                  size="small"
                  type="primary"
                  data-testid={`submit-inspection-${row.id}`}
                  loading={submit.isPending}
                  onClick={() => void submitInspection(row)}
                >
                  {l('提交并下达整改', 'Submit')}
                </Button>
              ) : null,
          },
        ]}
      />
      {creating && (
        <Modal
          open
          width={860}
          title={l('录入暗访记录', 'Record an inspection')}
          okText={l('保存草稿', 'Save draft')}
          onOk={() => void save()}
          confirmLoading={create.isPending}
          onCancel={() => setCreating(false)}
        >
          <ErrorMessage error={uploadError ?? households.error ?? create.error} />
          <Form form={form} layout="vertical" initialValues={{ visitedOn: today(), problems: [] }} data-testid="inspection-form">
            <Form.Item label={l('暗访地区（县、乡镇或村区划代码）', 'Region (county, township or village code)')} required>
              <Input value={target} onChange={(event) => setTarget(event.target.value.trim())} aria-label={l('暗访地区', 'Region')} />
              <div data-testid="target-name">{targetInfo.data?.path.map((node) => node.name).join(' / ') ?? ''}</div>
            </Form.Item>
            <Form.Item name="visitedOn" label={l('暗访日期', 'Visited on')} rules={[{ required: true }, DATE]}>
              <Input />
            </Form.Item>
            <Form.Item name="inspectors" label={l('暗访人员（以顿号或逗号分隔）', 'Inspectors (comma separated)')} rules={[{ required: true }]}>
              <Input />
            </Form.Item>
            <Form.Item name="householdIds" label={l('走访农户（从农户台账中选择）', 'Households visited (from the registry)')}>
              <Checkbox.Group data-testid="households" options={householdOptions} />
            </Form.Item>
            <Form.Item name="notes" label={l('暗访情况', 'Notes')}>
              <Input.TextArea rows={2} />
            </Form.Item>
            <Form.List name="problems">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((field, index) => (
                    <Card
                      key={field.key}
                      size="small"
                      title={l(`问题 ${index + 1}`, `Problem ${index + 1}`)}
                      extra={<Button onClick={() => remove(field.name)}>{l('删除', 'Remove')}</Button>}
                      style={{ marginBottom: 12 }}
                    >
                      <Form.Item name={[field.name, 'category']} label={l('问题类别', 'Category')} rules={[{ required: true }]}>
                        <Select
                          aria-label={l(`问题类别 ${index + 1}`, `Category ${index + 1}`)}
                          data-testid={`problem-category-${index}`}
                          options={INSPECTION_PROBLEM_CATEGORIES.map((category) => ({
                            value: category,
                            label: l(INSPECTION_PROBLEM_LABELS[category]['zh-CN'], INSPECTION_PROBLEM_LABELS[category].en),
                          }))}
                        />
                      </Form.Item>
                      <Form.Item name={[field.name, 'description']} label={l('问题描述', 'Description')} rules={[{ required: true }]}>
                        <Input.TextArea rows={2} aria-label={l(`问题描述 ${index + 1}`, `Description ${index + 1}`)} />
                      </Form.Item>
                      <Form.Item name={[field.name, 'householdId']} label={l('涉及农户', 'Household')}>
                        <Select allowClear data-testid={`problem-household-${index}`} options={householdOptions} />
                      </Form.Item>
                      <Form.Item
                        name={[field.name, 'responsibleRegionCode']}
                        label={l('责任地区（区划代码）', 'Responsible region (code)')}
                        rules={[{ required: true }]}
                      >
                        <Input aria-label={l(`责任地区 ${index + 1}`, `Responsible region ${index + 1}`)} />
                      </Form.Item>
                      <Form.Item name={[field.name, 'deadline']} label={l('整改期限', 'Deadline')} rules={[{ required: true }, DATE]}>
                        <Input aria-label={l(`整改期限 ${index + 1}`, `Deadline ${index + 1}`)} />
                      </Form.Item>
                      <Form.Item
                        label={l(`问题佐证照片（已上传 ${(evidence[index] ?? []).length} 张）`, `Evidence (${(evidence[index] ?? []).length} uploaded)`)}
                      >
                        <input
                          type="file"
                          accept="image/jpeg,image/png,image/webp"
                          data-testid={`finding-file-${index}`}
                          onChange={(event) => {
                            const file = event.target.files?.[0];
                            event.target.value = '';
                            if (file) void addEvidence(index, file);
                          }}
                        />
                      </Form.Item>
                    </Card>
                  ))}
                  <Button
                    data-testid="add-problem"
                    onClick={() => add({ category: 'visits', responsibleRegionCode: target, deadline: '' })}
                    disabled={!/^\d{6}(\d{3}){0,2}$/.test(target)}
                  >
                    {l('添加发现的问题', 'Add a problem')}
                  </Button>
                </>
              )}
            </Form.List>
          </Form>
        </Modal>
      )}
    </div>
  );
}
