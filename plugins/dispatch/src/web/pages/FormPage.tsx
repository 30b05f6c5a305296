/**
 * A county's answer to one period: the form opens with the platform's figures; a changed figure
 * asks for a reason. The county saves and submits; the city reviews; the province returns or
 * accepts. A sealed answer shows its hash, and corrections become dated adjustments.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ErrorMessage, formatFen, parseYuanToFen, QueryState, useL, useRegion, useShell } from '@zhenxing/ui';
import { Alert, App, Button, Card, Descriptions, Form, Input, InputNumber, Select, Space, Table, Tag, Timeline } from 'antd';
import { useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { TOWNSHIP_REPORT_STATUS_LABELS, type FieldDefinition, type FieldValue, type FieldValues } from '../../index.ts';
import { fieldMessages, formatMinutes, shanghaiTime, STATUS_COLORS, SUBMISSION_STATUS_LABELS } from '../labels.ts';
import type { openForm } from '../../server/submissions.ts';
import { useTRPC } from '../trpc.ts';

type StatusKey = keyof typeof SUBMISSION_STATUS_LABELS;

/** What the input shows: money in yuan text, numbers, dates and text as they are. */
function display(field: FieldDefinition, value: FieldValue | undefined): string | number | null {
  if (value === undefined || value === null) return null;
  if (field.type === 'money' && typeof value === 'number') return (value / 100).toFixed(2);
  return value;
}

function parse(field: FieldDefinition, raw: unknown): FieldValue {
  if (raw === undefined || raw === null || raw === '') return null;
  if (field.type === 'money') return parseYuanToFen(String(raw)) ?? Number.NaN;
  if (field.type === 'integer' || field.type === 'percent') return typeof raw === 'number' ? raw : Number(raw);
  return String(raw);
}

/** What Form.Item hands its direct child; the input must pass it on, or typing never reaches the form. */
interface ControlProps {
  id?: string;
  value?: unknown;
  onChange?: (value: unknown) => void;
}

/** One field's input, bound to the form through the props Form.Item hands it. */
function FieldInput({ field, disabled, id, value, onChange }: { field: FieldDefinition; disabled: boolean } & ControlProps) {
  const number = typeof value === 'number' ? value : null;
  const text = typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value);
  const typed = (event: { target: { value: string } }) => onChange?.(event.target.value);
  switch (field.type) {
    case 'integer':
      return <InputNumber id={id} value={number} onChange={(next) => onChange?.(next)} disabled={disabled} precision={0} style={{ width: 180 }} />;
    case 'percent':
      return (
        <InputNumber
          id={id}
          value={number}
          onChange={(next) => onChange?.(next)}
          disabled={disabled}
          step={0.01}
          min={0}
          max={100}
          addonAfter="%"
          style={{ width: 180 }}
        />
      );
    case 'money':
      return <Input id={id} value={text} onChange={typed} disabled={disabled} addonAfter="元" style={{ width: 200 }} />;
    case 'date':
      return <Input id={id} value={text} onChange={typed} disabled={disabled} placeholder="YYYY-MM-DD" style={{ width: 160 }} />;
    case 'choice':
      return (
        <Select
          id={id}
          value={text === '' ? undefined : text}
          onChange={(next) => onChange?.(next ?? null)}
          disabled={disabled}
          allowClear
          style={{ width: 200 }}
          options={field.options.map((option) => ({ value: option.value, label: option.label }))}
        />
      );
    case 'text':
      return <Input.TextArea id={id} value={text} onChange={typed} disabled={disabled} rows={2} maxLength={field.maxLength} />;
  }
}

export default function FormPage() {
  const { periodId: rawPeriod = '' } = useParams();
  const [search] = useSearchParams();
  const region = useRegion();
  const county = search.get('county') ?? region.code;
  const periodId = Number(rawPeriod);
  const trpc = useTRPC();
  const form = useQuery({ ...trpc.dispatch.submissions.form.queryOptions({ regionCode: county, periodId }), enabled: periodId > 0 });
  return (
    <div data-testid="dispatch-form">
      <QueryState query={form}>
        {(data) => <Answer key={`${data.submission?.id ?? 'new'}-${data.submission?.updatedAt ?? ''}`} data={data} county={county} />}
      </QueryState>
    </div>
  );
}

/** The form query's answer (a type-only import of the server service). */
type FormData = Awaited<ReturnType<typeof openForm>>;

const ACTION_LABELS: Record<string, { 'zh-CN': string; en: string }> = {
  save: { 'zh-CN': '保存草稿', en: 'saved' },
  submit: { 'zh-CN': '报送', en: 'submitted' },
  resubmit: { 'zh-CN': '重新报送', en: 'resubmitted' },
  review: { 'zh-CN': '市级审核', en: 'reviewed' },
  return: { 'zh-CN': '退回', en: 'returned' },
  accept: { 'zh-CN': '采纳并封存', en: 'accepted and sealed' },
};

function Answer({ data, county }: { data: FormData; county: string }) {
  const l = useL();
  const trpc = useTRPC();
  const { hasPermission, user } = useShell();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [antForm] = Form.useForm<Record<string, unknown>>();
  const [comment, setComment] = useState('');
  const save = useMutation(trpc.dispatch.submissions.save.mutationOptions());
  const submit = useMutation(trpc.dispatch.submissions.submit.mutationOptions());
  const review = useMutation(trpc.dispatch.submissions.review.mutationOptions());
  const giveBack = useMutation(trpc.dispatch.submissions.return.mutationOptions());
  const accept = useMutation(trpc.dispatch.submissions.accept.mutationOptions());
  const fields = data.call.fields;
  const status = data.status as StatusKey;
  const editable =
    hasPermission('dispatch.submission.fill') && user.scopeCode.length <= 6 && (status === 'not-started' || status === 'draft' || status === 'returned');
  const canReview = hasPermission('dispatch.submission.review') && status === 'submitted';
  const canDecide =
    hasPermission('dispatch.submission.accept') && (status === 'submitted' || status === 'reviewed') && data.call.regionCode.startsWith(user.scopeCode);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.dispatch.pathKey() });
  const initial = Object.fromEntries(fields.map((field) => [field.key, display(field, data.values[field.key])]));
  const initialReasons = Object.fromEntries(Object.entries(data.corrections).map(([key, reason]) => [`reason:${key}`, reason]));
  // Every value as typed, so a changed pre-filled figure asks for its reason at once.
  const [watched, setWatched] = useState<Record<string, unknown>>(initial);
  const valuesOf = (raw: Record<string, unknown>): FieldValues => Object.fromEntries(fields.map((field) => [field.key, parse(field, raw[field.key])]));
  const reasonsOf = (raw: Record<string, unknown>): Record<string, string> =>
    Object.fromEntries(
      Object.entries(raw)
        .filter(([key, value]) => key.startsWith('reason:') && typeof value === 'string' && value.trim())
        .map(([key, value]) => [key.slice('reason:'.length), String(value).trim()]),
    );
  const error = save.error ?? submit.error;
  const problems = fieldMessages(error);
  const send = (asSubmit: boolean) => {
    const raw = antForm.getFieldsValue(true);
    const input = { regionCode: county, periodId: data.period.id, values: valuesOf(raw), corrections: reasonsOf(raw) };
    const mutation = asSubmit ? submit : save;
    mutation.mutate(input, {
      onSuccess: async () => {
        message.success(asSubmit ? l('已报送', 'Submitted') : l('已保存', 'Saved'));
        await refresh();
      },
    });
  };
  const decide = (kind: 'review' | 'return' | 'accept') => {
    const submissionId = data.submission?.id;
    if (!submissionId) return;
    const done = async () => {
      setComment('');
      await refresh();
    };
    if (kind === 'review') review.mutate({ regionCode: county, submissionId, comment }, { onSuccess: done });
    if (kind === 'return') giveBack.mutate({ regionCode: county, submissionId, comment }, { onSuccess: done });
    if (kind === 'accept') accept.mutate({ regionCode: county, submissionId, comment }, { onSuccess: done });
  };
  return (
    <>
      <h1 className="zx-page-title">
        {data.call.title} · {data.period.label}
      </h1>
      <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={l('县（区）', 'County')}>{data.countyName}</Descriptions.Item>
        <Descriptions.Item label={l('统计期', 'Period')}>
          {data.period.startsOn} ~ {data.period.endsOn}
        </Descriptions.Item>
        <Descriptions.Item label={l('截止（北京时间）', 'Due (Beijing)')}>{shanghaiTime(data.period.dueAt)}</Descriptions.Item>
        <Descriptions.Item label={l('状态', 'Status')}>
          <Tag color={STATUS_COLORS[status]} data-testid="dispatch-status">
            {l.text(SUBMISSION_STATUS_LABELS[status])}
          </Tag>
          {data.submission?.minutesLate ? (
            <Tag color="orange">
              {l(`迟报 ${formatMinutes(data.submission.minutesLate, true)}`, `late ${formatMinutes(data.submission.minutesLate, false)}`)}
            </Tag>
          ) : null}
          {data.overdue ? <Tag color="red">{l('已过截止时间，尚未报送（漏报）', 'past the deadline, not submitted')}</Tag> : null}
        </Descriptions.Item>
      </Descriptions>
      {data.submission?.status === 'returned' && data.submission.returnComment ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          message={l('已退回', 'Returned')}
          description={data.submission.returnComment}
          data-testid="dispatch-returned"
        />
      ) : null}
      {data.submission?.sealHash ? (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 12 }}
          message={l('已采纳并封存：数据不可修改，更正请填写带日期的调整记录', 'Accepted and sealed: record corrections as dated adjustments')}
          description={<code data-testid="dispatch-seal">sha256 {data.submission.sealHash}</code>}
        />
      ) : null}
      {data.townships ? <Townships data={data} /> : null}
      <Card size="small" title={l('报表', 'Form')} style={{ marginBottom: 16 }}>
        <Form
          form={antForm}
          layout="vertical"
          initialValues={{ ...initial, ...initialReasons }}
          onValuesChange={(_, all: Record<string, unknown>) => setWatched(all)}
        >
          {fields.map((field) => {
            const prefill = data.prefilled[field.key];
            const current = parse(field, watched[field.key]);
            const corrected = prefill !== undefined && current !== null && current !== undefined && current !== prefill.value;
            const problem = problems[field.key];
            return (
              <div key={field.key} data-testid={`dispatch-field-${field.key}`}>
                <Form.Item
                  name={field.key}
                  label={
                    <span>
                      {field.label}
                      {field.required ? <span style={{ color: '#cf1322' }}> *</span> : null}
                      {prefill ? (
                        <Tag color="blue" style={{ marginLeft: 8 }}>
                          {prefill.source === 'townships' ? l('乡镇合计', 'Townships’ sum') : l('平台数', 'Platform')}{' '}
                          {field.type === 'money' ? formatFen(prefill.value) : prefill.value}
                          {prefill.source === 'townships' && prefill.townships
                            ? l(
                                `（${prefill.townships.reported}/${prefill.townships.of} 个乡镇已报）`,
                                ` (${prefill.townships.reported} of ${prefill.townships.of} townships)`,
                              )
                            : prefill.periodEnd
                              ? l('（期末数）', ' (at the period’s end)')
                              : l('（当前数）', ' (current count)')}
                        </Tag>
                      ) : null}
                    </span>
                  }
                  validateStatus={problem ? 'error' : undefined}
                  help={problem ? l.text(problem) : field.help || undefined}
                >
                  <FieldInput field={field} disabled={!editable} />
                </Form.Item>
                {prefill ? (
                  <Form.Item
                    name={`reason:${field.key}`}
                    label={
                      prefill.source === 'townships'
                        ? l(`更正理由（与乡镇合计 ${prefill.value} 不同时必填）`, `Reason (required when it differs from the townships' sum ${prefill.value})`)
                        : l(`更正理由（与平台数 ${prefill.value} 不同时必填）`, `Reason (required when it differs from the platform's ${prefill.value})`)
                    }
                    rules={corrected ? [{ required: true, min: 2 }] : []}
                  >
                    <Input disabled={!editable} data-testid={`dispatch-reason-${field.key}`} />
                  </Form.Item>
                ) : null}
              </div>
            );
          })}
        </Form>
        <ErrorMessage error={error} />
        {editable ? (
          <Space wrap>
            <Button onClick={() => send(false)} loading={save.isPending} data-testid="dispatch-save">
              {l('保存草稿', 'Save draft')}
            </Button>
            <Button type="primary" onClick={() => send(true)} loading={submit.isPending} data-testid="dispatch-submit">
              {status === 'returned' ? l('重新报送', 'Resubmit') : l('报送', 'Submit')}
            </Button>
          </Space>
        ) : null}
      </Card>
      {canReview || canDecide ? (
        <Card size="small" title={l('审核', 'Review')} style={{ marginBottom: 16 }}>
          <Input.TextArea
            rows={2}
            value={comment}
            onChange={(event) => setComment(event.target.value)}
            placeholder={l('意见（退回时必填）', 'Comment (required to return)')}
            data-testid="dispatch-comment"
          />
          <ErrorMessage error={review.error ?? giveBack.error ?? accept.error} />
          <Space wrap style={{ marginTop: 8 }}>
            {canReview ? (
              <Button onClick={() => decide('review')} loading={review.isPending} data-testid="dispatch-review">
                {l('审核通过', 'Mark reviewed')}
              </Button>
            ) : null}
            {canDecide ? (
              <>
                <Button danger onClick={() => decide('return')} loading={giveBack.isPending} data-testid="dispatch-return">
                  {l('退回', 'Return')}
                </Button>
                <Button type="primary" onClick={() => decide('accept')} loading={accept.isPending} data-testid="dispatch-accept">
                  {l('采纳并封存', 'Accept and seal')}
                </Button>
              </>
            ) : null}
          </Space>
        </Card>
      ) : null}
      {status === 'accepted' ? <Adjustments data={data} county={county} /> : null}
      {data.history.length > 0 ? (
        <Card size="small" title={l('经过', 'History')}>
          <Timeline
            items={data.history.map((entry) => ({
              key: entry.id,
              children: (
                <span>
                  {shanghaiTime(entry.at)} {l.text(ACTION_LABELS[entry.action] ?? { 'zh-CN': entry.action, en: entry.action })} · {entry.actor}
                  {entry.comment ? `：${entry.comment}` : ''}
                </span>
              ),
            }))}
          />
        </Card>
      ) : null}
    </>
  );
}

/** 乡镇分报: each township's sub-report (names, status, figures) and those not reported yet. */
function Townships({ data }: { data: FormData }) {
  const l = useL();
  const townships = data.townships;
  if (!townships) return null;
  const fields = data.call.fields.filter((field) => townships.fields.includes(field.key));
  return (
    <Card size="small" title={l('乡镇分报', 'Township sub-reports')} style={{ marginBottom: 16 }} data-testid="dispatch-townships">
      {townships.missing.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 8 }}
          message={l(
            `尚未报送：${townships.missing.map((township) => township.name).join('、')}`,
            `Not reported yet: ${townships.missing.map((township) => township.name).join(', ')}`,
          )}
          data-testid="dispatch-townships-missing"
        />
      ) : null}
      <Table
        size="small"
        rowKey="code"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={townships.lines}
        columns={[
          { key: 'name', dataIndex: 'name', title: l('乡镇', 'Township') },
          {
            key: 'status',
            title: l('状态', 'Status'),
            render: (_, row) => (
              <Tag color={row.status === 'submitted' ? 'green' : row.status === 'draft' ? 'gold' : 'default'}>
                {l.text(TOWNSHIP_REPORT_STATUS_LABELS[row.status])}
              </Tag>
            ),
          },
          ...fields.map((field) => ({
            key: field.key,
            title: field.label,
            render: (_: unknown, row: (typeof townships.lines)[number]) => {
              const value = row.values[field.key];
              if (typeof value !== 'number') return '—';
              return field.type === 'money' ? formatFen(value) : value;
            },
          })),
        ]}
      />
    </Card>
  );
}

function Adjustments({ data, county }: { data: FormData; county: string }) {
  const l = useL();
  const trpc = useTRPC();
  const { hasPermission } = useShell();
  const queryClient = useQueryClient();
  const adjust = useMutation(trpc.dispatch.submissions.adjust.mutationOptions());
  const [form] = Form.useForm<{ field: string; value: string; reason: string; effectiveOn: string }>();
  const numeric = new Set(data.call.fields.filter((field) => field.type === 'integer' || field.type === 'percent').map((field) => field.key));
  const money = new Set(data.call.fields.filter((field) => field.type === 'money').map((field) => field.key));
  return (
    <Card size="small" title={l('调整记录（封存后更正）', 'Adjustments (after sealing)')} style={{ marginBottom: 16 }}>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={data.adjustments}
        columns={[
          { key: 'date', dataIndex: 'effectiveOn', title: l('生效日期', 'Effective') },
          { key: 'field', dataIndex: 'field', title: l('字段', 'Field') },
          { key: 'sealed', title: l('封存值', 'Sealed'), render: (_, row) => String(row.sealedValue ?? '—') },
          { key: 'value', title: l('调整为', 'Adjusted to'), render: (_, row) => String(row.value) },
          { key: 'reason', dataIndex: 'reason', title: l('理由', 'Reason') },
        ]}
      />
      {hasPermission('dispatch.submission.fill') ? (
        <Form
          form={form}
          layout="inline"
          style={{ marginTop: 8 }}
          onFinish={(values) => {
            const value = money.has(values.field)
              ? (parseYuanToFen(values.value) ?? Number.NaN)
              : numeric.has(values.field)
                ? Number(values.value)
                : values.value;
            adjust.mutate(
              {
                regionCode: county,
                submissionId: data.submission?.id ?? 0,
                field: values.field,
                value,
                reason: values.reason,
                effectiveOn: values.effectiveOn,
              },
              {
                onSuccess: async () => {
                  form.resetFields();
                  await queryClient.invalidateQueries({ queryKey: trpc.dispatch.pathKey() });
                },
              },
            );
          }}
        >
          <Form.Item name="field" rules={[{ required: true }]}>
            <Select
              style={{ width: 160 }}
              placeholder={l('字段', 'Field')}
              options={data.call.fields.map((field) => ({ value: field.key, label: field.label }))}
            />
          </Form.Item>
          <Form.Item name="value" rules={[{ required: true }]}>
            <Input placeholder={l('新值', 'New value')} style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="reason" rules={[{ required: true, min: 2 }]}>
            <Input placeholder={l('理由', 'Reason')} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="effectiveOn" rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/ }]}>
            <Input placeholder="YYYY-MM-DD" style={{ width: 130 }} />
          </Form.Item>
          <Button htmlType="submit" loading={adjust.isPending}>
            {l('记录调整', 'Record')}
          </Button>
          <ErrorMessage error={adjust.error} />
        </Form>
      ) : null}
    </Card>
  );
}
