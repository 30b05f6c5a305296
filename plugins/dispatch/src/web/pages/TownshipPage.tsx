/** 乡镇分报: a township officer files the township's sub-report of one period (the summable fields only). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ErrorMessage, parseYuanToFen, QueryState, useL, useRegion, useShell } from '@zhenxing/ui';
import { Alert, App, Button, Card, Descriptions, Form, Input, InputNumber, Space, Tag } from 'antd';
import { useParams } from 'react-router';
import { TOWNSHIP_REPORT_STATUS_LABELS, type FieldValues } from '../../index.ts';
import type { townshipForm } from '../../server/townships.ts';
import { fieldMessages, shanghaiTime } from '../labels.ts';
import { useTRPC } from '../trpc.ts';

type Data = Awaited<ReturnType<typeof townshipForm>>;

export default function TownshipPage() {
  const { periodId: rawPeriod = '', township = '' } = useParams();
  const region = useRegion();
  const trpc = useTRPC();
  const periodId = Number(rawPeriod);
  const query = useQuery({
    ...trpc.dispatch.townships.form.queryOptions({ regionCode: region.code, periodId, townshipCode: township }),
    enabled: periodId > 0 && /^\d{9}$/.test(township),
  });
  return (
    <div data-testid="dispatch-township">
      <QueryState query={query}>{(data) => <SubReport key={data.report?.updatedAt ?? 'new'} data={data} />}</QueryState>
    </div>
  );
}

function SubReport({ data }: { data: Data }) {
  const l = useL();
  const trpc = useTRPC();
  const region = useRegion();
  const { hasPermission } = useShell();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const save = useMutation(trpc.dispatch.townships.save.mutationOptions());
  const [form] = Form.useForm<Record<string, unknown>>();
  const editable = data.editable && hasPermission('dispatch.township.fill');
  const problems = fieldMessages(save.error);
  const initial = Object.fromEntries(
    data.call.fields.map((field) => {
      const value = data.values[field.key];
      return [field.key, typeof value === 'number' && field.type === 'money' ? (value / 100).toFixed(2) : (value ?? null)];
    }),
  );
  const send = (submit: boolean) => {
    const raw = form.getFieldsValue(true);
    const values: FieldValues = Object.fromEntries(
      data.call.fields.map((field) => {
        const value = raw[field.key];
        if (value === undefined || value === null || value === '') return [field.key, null];
        return [field.key, field.type === 'money' ? (parseYuanToFen(String(value)) ?? Number.NaN) : Number(value)];
      }),
    );
    save.mutate(
      { regionCode: region.code, periodId: data.period.id, townshipCode: data.townshipCode, values, submit },
      {
        onSuccess: async () => {
          message.success(submit ? l('已报送', 'Submitted') : l('已保存', 'Saved'));
          await queryClient.invalidateQueries({ queryKey: trpc.dispatch.pathKey() });
        },
      },
    );
  };
  return (
    <>
      <h1 className="zx-page-title">
        {data.call.title} · {data.period.label} · {data.townshipName}
      </h1>
      <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={l('乡镇', 'Township')}>{data.townshipName}</Descriptions.Item>
        <Descriptions.Item label={l('统计期', 'Period')}>
          {data.period.startsOn} ~ {data.period.endsOn}
        </Descriptions.Item>
        <Descriptions.Item label={l('县级截止（北京时间）', 'County due (Beijing)')}>{shanghaiTime(data.period.dueAt)}</Descriptions.Item>
        <Descriptions.Item label={l('状态', 'Status')}>
          <Tag data-testid="dispatch-township-status">{l.text(TOWNSHIP_REPORT_STATUS_LABELS[data.status])}</Tag>
        </Descriptions.Item>
      </Descriptions>
      {!data.editable ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          message={l('县级已报送，本乡镇分报不能再修改', 'The county has submitted: the sub-report is frozen')}
        />
      ) : null}
      <Card size="small" title={l('乡镇分报', 'Township sub-report')}>
        <Form form={form} layout="vertical" initialValues={initial}>
          {data.call.fields.map((field) => {
            const problem = problems[field.key];
            return (
              <Form.Item
                key={field.key}
                name={field.key}
                label={field.label}
                required={field.required}
                validateStatus={problem ? 'error' : undefined}
                help={problem ? l.text(problem) : undefined}
              >
                {field.type === 'money' ? (
                  <Input disabled={!editable} addonAfter="元" style={{ width: 200 }} data-testid={`dispatch-township-${field.key}`} />
                ) : (
                  <InputNumber disabled={!editable} precision={0} style={{ width: 180 }} data-testid={`dispatch-township-${field.key}`} />
                )}
              </Form.Item>
            );
          })}
        </Form>
        <ErrorMessage error={save.error} />
        {editable ? (
          <Space wrap>
            <Button onClick={() => send(false)} loading={save.isPending}>
              {l('保存草稿', 'Save draft')}
            </Button>
            <Button type="primary" onClick={() => send(true)} loading={save.isPending} data-testid="dispatch-township-submit">
              {l('报送', 'Submit')}
            </Button>
          </Space>
        ) : null}
        {data.report?.submittedAt ? (
          <p style={{ marginTop: 8 }}>
            {l('报送时间', 'Submitted')} {shanghaiTime(data.report.submittedAt)}
          </p>
        ) : null}
      </Card>
    </>
  );
}
