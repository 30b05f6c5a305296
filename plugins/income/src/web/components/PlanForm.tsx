import { useMutation, useQueryClient } from '@tanstack/react-query';
import { applyFieldErrors, ErrorMessage, parseYuanToFen, useL, useRegion } from '@zhenxing/ui';
import { App, Button, Form, Input, Select } from 'antd';
import { PLAN_MEASURE_LABELS, PLAN_MEASURES, type PlanMeasure } from '../../index.ts';
import { today } from '../labels.ts';
import { useTRPC } from '../trpc.ts';

interface PlanValues {
  measures: PlanMeasure[];
  cadreName: string;
  targetYuan: string;
  startOn: string;
  dueOn: string;
  note?: string;
}

/** 制定增收计划 for one ledger household. */
export function PlanForm({ householdId, onDone }: { householdId: number; onDone?: () => void }) {
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<PlanValues>();
  const create = useMutation(trpc.income.plans.create.mutationOptions());
  const submit = async (values: PlanValues) => {
    const target = parseYuanToFen(values.targetYuan);
    if (target === null) {
      form.setFields([{ name: 'targetYuan', errors: [l('请输入金额（元）', 'Enter an amount in yuan')] }]);
      return;
    }
    try {
      await create.mutateAsync({
        regionCode: region.code,
        householdId,
        measures: values.measures,
        cadreName: values.cadreName,
        targetPerCapitaFen: target,
        startOn: values.startOn,
        dueOn: values.dueOn,
        note: values.note ?? '',
      });
      await queryClient.invalidateQueries({ queryKey: trpc.income.pathKey() });
      message.success(l('已制定增收计划', 'Plan saved'));
      onDone?.();
    } catch (error) {
      // Field errors go beside their fields; anything else shows in ErrorMessage above the form.
      applyFieldErrors(form, error, l.locale);
    }
  };
  return (
    <Form<PlanValues>
      form={form}
      layout="vertical"
      initialValues={{ measures: ['employment'], startOn: today() }}
      onFinish={(values) => void submit(values)}
      data-testid="plan-form"
    >
      <ErrorMessage error={create.error} />
      <Form.Item name="measures" label={l('增收措施', 'Measures')} rules={[{ required: true }]}>
        <Select mode="multiple" options={PLAN_MEASURES.map((measure) => ({ value: measure, label: l.text(PLAN_MEASURE_LABELS[measure]) }))} />
      </Form.Item>
      <Form.Item name="cadreName" label={l('责任干部', 'Responsible cadre')} rules={[{ required: true }]}>
        <Input maxLength={50} />
      </Form.Item>
      <Form.Item name="targetYuan" label={l('目标人均纯收入（元）', 'Target per-capita income (yuan)')} rules={[{ required: true }]}>
        <Input inputMode="decimal" />
      </Form.Item>
      <Form.Item name="startOn" label={l('开始日期', 'Start')} rules={[{ required: true }]}>
        <Input placeholder="YYYY-MM-DD" />
      </Form.Item>
      <Form.Item name="dueOn" label={l('完成日期', 'Due')} rules={[{ required: true }]}>
        <Input placeholder="YYYY-MM-DD" />
      </Form.Item>
      <Form.Item name="note" label={l('说明', 'Note')}>
        <Input.TextArea maxLength={1000} rows={2} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={create.isPending}>
        {l('保存', 'Save')}
      </Button>
    </Form>
  );
}
