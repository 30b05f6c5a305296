/** The province's (or a city's) new data call: title, recurrence, deadline and the form's typed fields. */
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ErrorMessage, useL, useRegion } from '@zhenxing/ui';
import { App, Button, Checkbox, Form, Input, InputNumber, Select, Space } from 'antd';
import { FIELD_TYPE_LABELS, FIELD_TYPES, type CreateCallInput, type FieldDefinitionInput, type FieldType } from '../../index.ts';
import { useTRPC } from '../trpc.ts';

interface FieldRow {
  key: string;
  label: string;
  type: FieldType;
  required?: boolean;
  indicator?: string;
  /** Choice options, one per line: value=label. */
  options?: string;
}

interface Values {
  title: string;
  description?: string;
  recurrence: 'weekly' | 'monthly';
  firstPeriodStart: string;
  firstNumber: number;
  periodCount: number;
  dueDaysAfterEnd: number;
  dueTime: string;
  counties?: string;
  townshipReports?: boolean;
  fields: FieldRow[];
}

/** Indicators of the installed modules a numeric field may be pre-filled from. */
const INDICATOR_HINTS = [
  'monitoring.included-by-cause-epidemic',
  'monitoring.included-by-cause-natural-disaster',
  'monitoring.included-by-cause-accident',
  'monitoring.included-by-cause-illness',
  'monitoring.overdue-identifications',
  'monitoring.assistance-coverage',
  'registry.households-monitored',
  'registry.households-left-poverty',
  'visits.visit-coverage',
];

function toField(row: FieldRow): FieldDefinitionInput {
  const base = { key: row.key, label: row.label, required: row.required ?? false };
  const indicator = row.indicator?.trim() ? row.indicator.trim() : undefined;
  switch (row.type) {
    case 'choice':
      return {
        ...base,
        type: 'choice',
        options: (row.options ?? '')
          .split('\n')
          .map((line) => line.trim())
          .filter(Boolean)
          .map((line) => {
            const [value = '', label = value] = line.split('=');
            return { value: value.trim(), label: label.trim() };
          }),
      };
    case 'integer':
    case 'money':
    case 'percent':
      return { ...base, type: row.type, indicator };
    default:
      return { ...base, type: row.type };
  }
}

export function CreateCallForm({ onCreated }: { onCreated(id: number): void }) {
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const create = useMutation(trpc.dispatch.calls.create.mutationOptions());
  const [form] = Form.useForm<Values>();
  const submit = (values: Values) => {
    const counties = (values.counties ?? '')
      .split(/[\s,，]+/)
      .map((code) => code.trim())
      .filter(Boolean);
    const input: CreateCallInput = {
      regionCode: region.code,
      title: values.title,
      description: values.description ?? '',
      recurrence: values.recurrence,
      firstPeriodStart: values.firstPeriodStart,
      firstNumber: values.firstNumber,
      periodCount: values.periodCount,
      dueDaysAfterEnd: values.dueDaysAfterEnd,
      dueTime: values.dueTime,
      fields: values.fields.map(toField),
      ...(counties.length > 0 ? { counties } : {}),
      townshipReports: values.townshipReports === true,
    };
    create.mutate(input, {
      onSuccess: async (call) => {
        await queryClient.invalidateQueries({ queryKey: trpc.dispatch.pathKey() });
        message.success(l(`已发起，${call.counties.length} 个县（区）`, `Issued to ${call.counties.length} counties`));
        onCreated(call.id);
      },
    });
  };
  return (
    <Form<Values>
      form={form}
      layout="vertical"
      data-testid="dispatch-create"
      onFinish={submit}
      initialValues={{
        recurrence: 'weekly',
        firstNumber: 1,
        periodCount: 12,
        dueDaysAfterEnd: 1,
        dueTime: '10:00',
        fields: [{ key: '', label: '', type: 'integer', required: true }],
      }}
    >
      <Form.Item name="title" label={l('名称', 'Title')} rules={[{ required: true, min: 2 }]}>
        <Input placeholder={l('如：疫情影响监测调度', 'e.g. epidemic impact')} />
      </Form.Item>
      <Form.Item name="description" label={l('说明', 'Description')}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <Space wrap>
        <Form.Item name="recurrence" label={l('周期', 'Recurrence')}>
          <Select
            style={{ width: 110 }}
            options={[
              { value: 'weekly', label: l('每周', 'weekly') },
              { value: 'monthly', label: l('每月', 'monthly') },
            ]}
          />
        </Form.Item>
        <Form.Item name="firstPeriodStart" label={l('首期开始日', 'First period starts')} rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/ }]}>
          <Input placeholder="2022-03-21" style={{ width: 130 }} />
        </Form.Item>
        <Form.Item name="firstNumber" label={l('首期期号', 'First number')}>
          <InputNumber min={1} max={999} />
        </Form.Item>
        <Form.Item name="periodCount" label={l('期数', 'Periods')}>
          <InputNumber min={1} max={60} />
        </Form.Item>
        <Form.Item name="dueDaysAfterEnd" label={l('期末后第几天截止', 'Due days after end')}>
          <InputNumber min={0} max={31} />
        </Form.Item>
        <Form.Item name="dueTime" label={l('截止时刻（北京时间）', 'Due time (Beijing)')} rules={[{ pattern: /^([01]\d|2[0-3]):[0-5]\d$/ }]}>
          <Input style={{ width: 90 }} />
        </Form.Item>
      </Space>
      <Form.Item name="counties" label={l('报送县（区）代码（留空＝已启用相关模块的全部县）', 'Counties (empty = every county with the modules enabled)')}>
        <Input placeholder="130609, 130602" />
      </Form.Item>
      <Form.Item name="townshipReports" valuePropName="checked">
        <Checkbox data-testid="dispatch-township-reports">
          {l(
            '乡镇分报（各乡镇填报整数、金额字段，县级表单按乡镇合计预填）',
            'Township sub-reports (townships file the integer and money fields; the county form opens with their sums)',
          )}
        </Checkbox>
      </Form.Item>
      <Form.List name="fields">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field) => (
              <Space key={field.key} align="start" wrap data-testid="dispatch-field-row" style={{ display: 'flex', marginBottom: 4 }}>
                <Form.Item name={[field.name, 'key']} rules={[{ required: true, pattern: /^[a-z][a-zA-Z0-9_]{0,39}$/ }]}>
                  <Input placeholder={l('代码 households', 'key')} style={{ width: 140 }} />
                </Form.Item>
                <Form.Item name={[field.name, 'label']} rules={[{ required: true }]}>
                  <Input placeholder={l('名称', 'Label')} style={{ width: 160 }} />
                </Form.Item>
                <Form.Item name={[field.name, 'type']}>
                  <Select style={{ width: 120 }} options={FIELD_TYPES.map((type) => ({ value: type, label: l.text(FIELD_TYPE_LABELS[type]) }))} />
                </Form.Item>
                <Form.Item name={[field.name, 'required']} valuePropName="checked">
                  <Checkbox>{l('必填', 'Required')}</Checkbox>
                </Form.Item>
                <Form.Item noStyle shouldUpdate>
                  {() => {
                    const type = form.getFieldValue(['fields', field.name, 'type']) as FieldType;
                    if (type === 'choice') {
                      return (
                        <Form.Item name={[field.name, 'options']} rules={[{ required: true }]}>
                          <Input.TextArea rows={2} placeholder={'low=低风险\nhigh=高风险'} style={{ width: 180 }} />
                        </Form.Item>
                      );
                    }
                    if (type === 'integer' || type === 'money' || type === 'percent') {
                      return (
                        <Form.Item name={[field.name, 'indicator']}>
                          <Select
                            allowClear
                            showSearch
                            placeholder={l('平台指标预填（可选）', 'Pre-fill from indicator (optional)')}
                            style={{ width: 280 }}
                            options={INDICATOR_HINTS.map((key) => ({ value: key, label: key }))}
                          />
                        </Form.Item>
                      );
                    }
                    return null;
                  }}
                </Form.Item>
                <MinusCircleOutlined onClick={() => remove(field.name)} aria-label={l('删除字段', 'Remove field')} />
              </Space>
            ))}
            <Button type="dashed" onClick={() => add({ key: '', label: '', type: 'integer' })} icon={<PlusOutlined />} data-testid="dispatch-add-field">
              {l('添加字段', 'Add field')}
            </Button>
          </>
        )}
      </Form.List>
      <ErrorMessage error={create.error} />
      <Button type="primary" htmlType="submit" loading={create.isPending} style={{ marginTop: 12 }} data-testid="dispatch-create-submit">
        {l('发起调度', 'Issue call')}
      </Button>
    </Form>
  );
}
