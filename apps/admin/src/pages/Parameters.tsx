import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ParameterValuesSchema } from '@zhenxing/rules';
import { describeError, ErrorMessage, ExtensionSlot, LoadingState, useConfirm, useL, useShell } from '@zhenxing/ui';
import { App, Button, Card, Col, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Row, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState, type ReactNode } from 'react';
import { z } from 'zod';
import { useTRPC, type RouterOutputs } from '../trpc.ts';

type SetSummary = RouterOutputs['parameters']['list']['sets'][number];
type Change = RouterOutputs['parameters']['diff']['changes'][number];

/** The JSON schema of a draft's numbers, generated from the rules' zod schema (descriptions included). */
interface FieldSchema {
  type?: string;
  description?: string;
  enum?: readonly (string | number)[];
  items?: FieldSchema;
  properties?: Record<string, FieldSchema>;
  minimum?: number;
  maximum?: number;
}
const VALUES_SCHEMA = z.toJSONSchema(ParameterValuesSchema, { io: 'input', unrepresentable: 'any' }) as FieldSchema;

const STATUS: Record<string, { color: string; zh: string; en: string }> = {
  draft: { color: 'gold', zh: '草稿', en: 'Draft' },
  published: { color: 'green', zh: '已发布', en: 'Published' },
  discarded: { color: 'default', zh: '已作废', en: 'Discarded' },
};

/** One form control per leaf of the schema, nested groups as cards; each shows its meaning and clause. */
function SchemaFields({ schema, path }: { schema: FieldSchema; path: string[] }): ReactNode {
  return Object.entries(schema.properties ?? {}).map(([key, field]) => {
    const name = [...path, key];
    if (field.type === 'object' && field.properties) {
      return (
        <Card key={key} size="small" title={field.description ?? key} style={{ marginBottom: 12 }}>
          <SchemaFields schema={field} path={name} />
        </Card>
      );
    }
    const label = (
      <span>
        <Typography.Text code>{key}</Typography.Text>
      </span>
    );
    let control: ReactNode = <Input />;
    if (field.type === 'integer' || field.type === 'number') control = <InputNumber min={field.minimum} max={field.maximum} style={{ width: 200 }} />;
    else if (field.type === 'boolean') control = <Switch />;
    else if (field.enum) control = <Select style={{ width: 200 }} options={field.enum.map((value) => ({ value, label: String(value) }))} />;
    else if (field.type === 'array' && field.items?.enum)
      control = <Select mode="multiple" options={field.items.enum.map((value) => ({ value, label: String(value) }))} />;
    else if (field.type === 'array') control = <Select mode="tags" />;
    return (
      <Form.Item
        key={key}
        name={name}
        label={label}
        extra={field.description}
        valuePropName={field.type === 'boolean' ? 'checked' : 'value'}
        rules={[{ required: true }]}
      >
        {control}
      </Form.Item>
    );
  });
}

function ChangesTable({ changes }: { changes: readonly Change[] }) {
  const l = useL();
  const show = (value: unknown) => (typeof value === 'object' ? JSON.stringify(value) : String(value));
  const wrap = { whiteSpace: 'normal', wordBreak: 'break-word' } as const;
  return (
    <Table<Change>
      size="small"
      rowKey="path"
      pagination={false}
      tableLayout="fixed"
      scroll={{ x: 560 }}
      dataSource={[...changes]}
      locale={{ emptyText: l('数值无变化', 'No number changed') }}
      columns={[
        {
          key: 'path',
          title: l('参数', 'Parameter'),
          width: '40%',
          render: (_, row) => (
            <Typography.Text code style={wrap}>
              {row.path}
            </Typography.Text>
          ),
        },
        { key: 'before', title: l('原值', 'Before'), width: '30%', render: (_, row) => <span style={wrap}>{show(row.before)}</span> },
        {
          key: 'after',
          title: l('新值', 'After'),
          width: '30%',
          render: (_, row) => (
            <Typography.Text strong style={wrap}>
              {show(row.after)}
            </Typography.Text>
          ),
        },
      ]}
    />
  );
}

function DiffCard({ versions }: { versions: string[] }) {
  const l = useL();
  const trpc = useTRPC();
  const [from, setFrom] = useState<string | undefined>(versions.at(-2));
  const [to, setTo] = useState<string | undefined>(versions.at(-1));
  const diff = useQuery({ ...trpc.parameters.diff.queryOptions({ from: from ?? '', to: to ?? '' }), enabled: Boolean(from && to) });
  return (
    <Card title={l('版本对比', 'Compare versions')} size="small">
      <Space style={{ marginBottom: 12 }}>
        <Select value={from} onChange={setFrom} style={{ width: 180 }} options={versions.map((value) => ({ value }))} aria-label={l('对比起点', 'From')} />
        →
        <Select value={to} onChange={setTo} style={{ width: 180 }} options={versions.map((value) => ({ value }))} aria-label={l('对比终点', 'To')} />
      </Space>
      {diff.error ? <ErrorMessage error={diff.error} /> : <ChangesTable changes={diff.data?.changes ?? []} />}
    </Card>
  );
}

function SetDetail({ version, mayManage, onChanged }: { version: string; mayManage: boolean; onChanged: () => void }) {
  const l = useL();
  const trpc = useTRPC();
  const { message } = App.useApp();
  const confirm = useConfirm();
  const [form] = Form.useForm();
  const [publishing, setPublishing] = useState(false);
  const [effectiveFrom, setEffectiveFrom] = useState<Dayjs | null>(null);
  const detail = useQuery(trpc.parameters.get.queryOptions({ version }));
  const update = useMutation(trpc.parameters.updateDraft.mutationOptions());
  const publish = useMutation(trpc.parameters.publish.mutationOptions());
  const discard = useMutation(trpc.parameters.discard.mutationOptions());
  const initial = useMemo(() => {
    if (!detail.data) return undefined;
    const { version: _version, provinceCode: _province, effectiveFrom: _from, effectiveUntil: _until, ...values } = detail.data.set;
    return values;
  }, [detail.data]);
  if (detail.error) return <ErrorMessage error={detail.error} />;
  if (!detail.data || !initial) return <LoadingState />;
  const { summary, changes, comparedWith } = detail.data;
  const isDraft = summary.status === 'draft';
  const fail = (error: unknown) => message.error(describeError(error, l.locale).message);

  return (
    <Card
      title={
        <Space>
          {summary.version}
          <Tag color={STATUS[summary.status]?.color}>{l(STATUS[summary.status]?.zh ?? summary.status, STATUS[summary.status]?.en ?? summary.status)}</Tag>
        </Space>
      }
      extra={
        mayManage && isDraft ? (
          <Space>
            {summary.authoredByCaller ? (
              <Typography.Text type="secondary">{l('您编写的草稿须由另一位省级管理员发布', 'Another province admin must publish your draft')}</Typography.Text>
            ) : (
              <Button
                type="primary"
                onClick={() => {
                  // The author's proposed date, if any, as a starting point for the reviewer.
                  setEffectiveFrom(summary.effectiveFrom ? dayjs(summary.effectiveFrom) : null);
                  setPublishing(true);
                }}
              >
                {l('审核发布', 'Review and publish')}
              </Button>
            )}
            <Button
              danger
              onClick={() =>
                confirm({
                  danger: true,
                  title: l(`作废草稿 ${summary.version}？`, `Discard draft ${summary.version}?`),
                  okText: l('作废', 'Discard'),
                  onOk: () => discard.mutateAsync({ id: summary.id }).then(onChanged).catch(fail),
                })
              }
            >
              {l('作废', 'Discard')}
            </Button>
          </Space>
        ) : null
      }
    >
      <Descriptions size="small" column={2} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={l('生效期间', 'In force')}>
          {summary.effectiveFrom ?? l('（发布时确定）', '(set when published)')} – {summary.effectiveUntil ?? l('至今', 'open')}
        </Descriptions.Item>
        <Descriptions.Item label={l('来源', 'Origin')}>
          {summary.origin === 'seed' ? l('随规则发布的初始值', 'Seed shipped with the rules') : summary.createdByName}
        </Descriptions.Item>
        <Descriptions.Item label={l('基于', 'Based on')}>{summary.basedOn ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={l('发布人', 'Published by')}>{summary.publishedByName ?? '—'}</Descriptions.Item>
        {summary.note ? <Descriptions.Item label={l('说明', 'Note')}>{summary.note}</Descriptions.Item> : null}
      </Descriptions>
      <Typography.Title level={5}>{comparedWith ? l(`与 ${comparedWith} 相比的变化`, `Changes from ${comparedWith}`) : l('变化', 'Changes')}</Typography.Title>
      <ChangesTable changes={changes} />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {l('参数', 'Parameters')}
      </Typography.Title>
      <Form
        form={form}
        layout="vertical"
        key={summary.id}
        initialValues={initial}
        disabled={!(mayManage && isDraft && summary.authoredByCaller)}
        onFinish={(values: unknown) => {
          const parsed = ParameterValuesSchema.safeParse(values);
          if (!parsed.success) {
            message.error(l('参数有误，请按提示修改。', 'Some values are invalid.'));
            return;
          }
          update
            .mutateAsync({ id: summary.id, values: parsed.data })
            .then(() => {
              message.success(l('草稿已保存', 'Draft saved'));
              onChanged();
            })
            .catch(fail);
        }}
      >
        <SchemaFields schema={VALUES_SCHEMA} path={[]} />
        {mayManage && isDraft && summary.authoredByCaller ? (
          <Button type="primary" htmlType="submit" loading={update.isPending}>
            {l('保存草稿', 'Save draft')}
          </Button>
        ) : null}
      </Form>
      <Modal
        open={publishing}
        title={l(`发布 ${summary.version}`, `Publish ${summary.version}`)}
        okText={l('发布', 'Publish')}
        okButtonProps={{ disabled: !effectiveFrom, loading: publish.isPending }}
        onCancel={() => setPublishing(false)}
        onOk={() =>
          publish
            .mutateAsync({ id: summary.id, effectiveFrom: (effectiveFrom as Dayjs).format('YYYY-MM-DD') })
            .then((result) => {
              message.success(l(`已发布，自 ${result.effectiveFrom} 起生效`, `Published, in force from ${result.effectiveFrom}`));
              setPublishing(false);
              onChanged();
            })
            .catch(fail)
        }
      >
        <p>{l('发布后不可修改；上一版本于生效日前一日结束。', 'A published set never changes; the previous set ends the day before.')}</p>
        <DatePicker value={effectiveFrom} onChange={setEffectiveFrom} aria-label={l('生效日期', 'Effective from')} />
      </Modal>
    </Card>
  );
}

function NewDraft({ versions, onCreated }: { versions: string[]; onCreated: (version: string) => void }) {
  const l = useL();
  const trpc = useTRPC();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ basedOn: string; version: string; note?: string }>();
  const create = useMutation(trpc.parameters.createDraft.mutationOptions());
  return (
    <>
      <Button icon={<PlusOutlined />} onClick={() => setOpen(true)}>
        {l('新建草稿', 'New draft')}
      </Button>
      <Modal
        open={open}
        title={l('新建参数草稿', 'New parameter draft')}
        okText={l('创建', 'Create')}
        onCancel={() => setOpen(false)}
        okButtonProps={{ loading: create.isPending }}
        onOk={() =>
          form.validateFields().then((values) =>
            create
              .mutateAsync(values)
              .then((result) => {
                setOpen(false);
                onCreated(result.version);
              })
              .catch((error: unknown) => message.error(describeError(error, l.locale).message)),
          )
        }
      >
        <Form form={form} layout="vertical" initialValues={{ basedOn: versions.at(-1) }}>
          <Form.Item name="basedOn" label={l('基于版本', 'Based on')} rules={[{ required: true }]}>
            <Select options={versions.map((value) => ({ value }))} />
          </Form.Item>
          <Form.Item name="version" label={l('新版本号', 'New version')} extra="hebei-2026.1" rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="note" label={l('说明', 'Note')}>
            <Input.TextArea rows={2} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/** 政策参数: the province's parameter sets, their history and diffs; drafts and publishing for province admins. */
export default function ParametersPage() {
  const l = useL();
  const trpc = useTRPC();
  const shell = useShell();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.parameters.list.queryOptions({}));
  const [selected, setSelected] = useState<string | null>(null);
  if (list.error) return <ErrorMessage error={list.error} />;
  if (!list.data) return <LoadingState />;
  const { sets, mayManage, inForceToday } = list.data;
  const versions = sets.filter((set) => set.status !== 'discarded').map((set) => set.version);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.parameters.pathKey() });
  const current = selected ?? inForceToday ?? sets.at(-1)?.version ?? null;

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card
        title={l('政策参数', 'Policy parameters')}
        extra={mayManage ? <NewDraft versions={versions} onCreated={(version) => (setSelected(version), void refresh())} /> : null}
      >
        <Typography.Paragraph type="secondary">
          {l(
            `今日（${list.data.today}）生效：${inForceToday ?? '无'}。县、市只读；省级管理员编写草稿，另一位省级管理员审核发布。`,
            `In force today (${list.data.today}): ${inForceToday ?? 'none'}. Counties and cities read only; one province admin drafts, another publishes.`,
          )}
        </Typography.Paragraph>
        <Table<SetSummary>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={sets}
          onRow={(row) => ({ onClick: () => setSelected(row.version), style: { cursor: 'pointer' } })}
          rowClassName={(row) => (row.version === current ? 'ant-table-row-selected' : '')}
          columns={[
            { key: 'version', title: l('版本', 'Version'), render: (_, row) => <Typography.Link>{row.version}</Typography.Link> },
            {
              key: 'status',
              title: l('状态', 'Status'),
              render: (_, row) => <Tag color={STATUS[row.status]?.color}>{l(STATUS[row.status]?.zh ?? row.status, STATUS[row.status]?.en ?? row.status)}</Tag>,
            },
            { key: 'from', title: l('生效日期', 'From'), render: (_, row) => row.effectiveFrom ?? '—' },
            { key: 'until', title: l('失效日期', 'Until'), render: (_, row) => (row.status === 'published' ? (row.effectiveUntil ?? l('至今', 'open')) : '—') },
            { key: 'author', title: l('编写人', 'Author'), render: (_, row) => (row.origin === 'seed' ? l('初始值', 'seed') : row.createdByName) },
            { key: 'publisher', title: l('发布人', 'Publisher'), render: (_, row) => row.publishedByName ?? '—' },
          ]}
        />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xxl={14}>
          {current ? <SetDetail version={current} mayManage={mayManage} onChanged={() => void refresh()} /> : null}
        </Col>
        <Col xs={24} xxl={10}>
          {versions.length > 1 ? <DiffCard versions={versions} /> : null}
        </Col>
      </Row>
      <ExtensionSlot name="parameters.page" regionCode={shell.region.code} props={{ regionCode: shell.region.code }} />
    </Space>
  );
}
