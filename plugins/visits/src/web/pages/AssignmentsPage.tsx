/** 包联分配: assign a household or a whole village to a cadre, see who is unassigned and each cadre's workload. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { applyFieldErrors, ErrorMessage, useL, useRegion, useShell, RegionName } from '@zhenxing/ui';
import { App, Button, Card, Col, Form, Input, InputNumber, Radio, Row, Select, Switch, Table, Tag } from 'antd';
import { useState } from 'react';
import { CADRE_KINDS, type AssignmentRecord } from '../../index.ts';
import { CADRE_KIND_LABELS } from '../labels.ts';
import { useTRPC } from '../trpc.ts';

interface AssignValues {
  target: 'household' | 'village';
  householdId?: number;
  villageCode?: string;
  cadreName: string;
  cadreUsername?: string;
  cadreKind: (typeof CADRE_KINDS)[number];
  effectiveFrom: string;
}

function AssignForm() {
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<AssignValues>();
  const target = Form.useWatch('target', form) ?? 'household';
  const assign = useMutation(trpc.visits.assignments.assign.mutationOptions());
  const submit = async (values: AssignValues) => {
    try {
      await assign.mutateAsync({
        regionCode: region.code,
        householdId: values.target === 'household' ? values.householdId : undefined,
        villageCode: values.target === 'village' ? values.villageCode : undefined,
        cadreName: values.cadreName,
        cadreUsername: values.cadreUsername || undefined,
        cadreKind: values.cadreKind,
        effectiveFrom: values.effectiveFrom,
      });
      await queryClient.invalidateQueries({ queryKey: trpc.visits.pathKey() });
      message.success(l('已分配包联干部', 'Assignment saved'));
      form.resetFields(['householdId', 'villageCode']);
    } catch (error) {
      applyFieldErrors(form, error, l.locale);
    }
  };
  return (
    <Card size="small" title={l('分配包联干部', 'Assign a cadre')} style={{ marginBottom: 16 }}>
      <ErrorMessage error={assign.error} />
      <Form<AssignValues>
        form={form}
        layout="vertical"
        initialValues={{ target: 'household', cadreKind: 'village-cadre', effectiveFrom: new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10) }}
        onFinish={(values) => void submit(values)}
        data-testid="assign-form"
      >
        <Form.Item name="target" label={l('分配对象', 'Assign')}>
          <Radio.Group
            options={[
              { value: 'household', label: l('单户', 'One household') },
              { value: 'village', label: l('整村', 'A whole village') },
            ]}
          />
        </Form.Item>
        {target === 'household' ? (
          <Form.Item
            name="householdId"
            label={l('农户编号', 'Household id')}
            rules={[{ required: true, message: l('请填写农户编号', 'Enter the household id') }]}
          >
            <InputNumber min={1} style={{ width: '100%' }} />
          </Form.Item>
        ) : (
          <Form.Item
            name="villageCode"
            label={l('村代码（12位）', 'Village code (12 digits)')}
            rules={[{ required: true, message: l('请填写村代码', 'Enter the village code') }]}
          >
            <Input maxLength={12} />
          </Form.Item>
        )}
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="cadreName"
              label={l('干部姓名', 'Cadre name')}
              rules={[{ required: true, message: l('请填写干部姓名', 'Enter the cadre’s name') }]}
            >
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="cadreUsername" label={l('系统账号（可选）', 'Account (optional)')}>
              <Input maxLength={64} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="cadreKind" label={l('干部类别', 'Kind')}>
              <Select options={CADRE_KINDS.map((kind) => ({ value: kind, label: l.text(CADRE_KIND_LABELS[kind]) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="effectiveFrom"
              label={l('生效日期', 'Effective from')}
              rules={[{ required: true, message: l('请填写生效日期', 'Enter the start date') }]}
            >
              <Input type="date" />
            </Form.Item>
          </Col>
        </Row>
        <Button type="primary" htmlType="submit" loading={assign.isPending}>
          {l('保存', 'Save')}
        </Button>
      </Form>
    </Card>
  );
}

export default function AssignmentsPage() {
  const l = useL();
  const region = useRegion();
  const { hasPermission } = useShell();
  const trpc = useTRPC();
  const [history, setHistory] = useState(false);
  const list = useQuery(trpc.visits.assignments.list.queryOptions({ regionCode: region.code, history }));
  const unassigned = useQuery(trpc.visits.assignments.unassigned.queryOptions({ regionCode: region.code }));
  const workload = useQuery(trpc.visits.assignments.workload.queryOptions({ regionCode: region.code }));
  return (
    <div data-testid="assignments-page">
      <h1 className="zx-page-title">{l('包联分配', 'Assignments')}</h1>
      {hasPermission('visits.assignment.manage') ? <AssignForm /> : null}
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card size="small" title={l('干部工作量（本月）', 'Cadre workload (this month)')} style={{ marginBottom: 16 }}>
            <ErrorMessage error={workload.error} />
            <Table
              size="small"
              rowKey={(row) => `${row.cadreUsername ?? ''}|${row.cadreName}`}
              loading={workload.isFetching}
              dataSource={workload.data ?? []}
              pagination={false}
              columns={[
                { key: 'name', dataIndex: 'cadreName', title: l('干部', 'Cadre') },
                { key: 'assigned', dataIndex: 'assigned', title: l('包联户', 'Assigned'), align: 'right' },
                { key: 'due', dataIndex: 'dueThisMonth', title: l('本月应走访', 'Due'), align: 'right' },
                { key: 'done', dataIndex: 'doneThisMonth', title: l('本月已走访', 'Done'), align: 'right' },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card
            size="small"
            title={l(`未分配包联干部的应走访户（${unassigned.data?.length ?? 0}）`, `Due households without a cadre (${unassigned.data?.length ?? 0})`)}
            style={{ marginBottom: 16 }}
          >
            <ErrorMessage error={unassigned.error} />
            <Table
              size="small"
              rowKey="householdId"
              loading={unassigned.isFetching}
              dataSource={unassigned.data ?? []}
              pagination={{ pageSize: 10 }}
              columns={[
                { key: 'id', dataIndex: 'householdId', title: l('编号', 'Id') },
                { key: 'head', dataIndex: 'headName', title: l('户主', 'Head') },
                { key: 'village', title: l('村', 'Village'), render: (_, row) => <RegionName code={row.villageCode} /> },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <Card
        size="small"
        title={l('包联关系', 'Assignments')}
        extra={
          <span>
            {l('含历史', 'History')} <Switch size="small" checked={history} onChange={setHistory} />
          </span>
        }
      >
        <ErrorMessage error={list.error} />
        <Table<AssignmentRecord>
          size="small"
          rowKey="id"
          loading={list.isFetching}
          dataSource={list.data ?? []}
          scroll={{ x: 640 }}
          columns={[
            {
              key: 'target',
              title: l('对象', 'Target'),
              render: (_, row) =>
                row.householdId ? (
                  row.headName ? (
                    l(`${row.headName}户`, `${row.headName} household`)
                  ) : (
                    l('（未登记户主）', '(no head registered)')
                  )
                ) : (
                  <>
                    {l('整村 ', 'Village ')}
                    <RegionName code={row.villageCode} />
                  </>
                ),
            },
            { key: 'cadre', dataIndex: 'cadreName', title: l('干部', 'Cadre') },
            { key: 'kind', title: l('类别', 'Kind'), render: (_, row) => l.text(CADRE_KIND_LABELS[row.cadreKind]) },
            { key: 'from', dataIndex: 'effectiveFrom', title: l('起', 'From') },
            { key: 'to', title: l('止', 'To'), render: (_, row) => row.effectiveTo ?? <Tag color="green">{l('在任', 'current')}</Tag> },
          ]}
        />
      </Card>
    </div>
  );
}
