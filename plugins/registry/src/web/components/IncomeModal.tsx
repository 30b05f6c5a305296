import { useMutation } from '@tanstack/react-query';
import { ErrorMessage, formatFen, useL, useRegion } from '@zhenxing/ui';
import { Alert, Form, Input, InputNumber, Modal, Space } from 'antd';
import type { IncomeInput } from '../../index.ts';
import { fenToInput, parseAmountToFen, shanghaiYear } from '../format.ts';
import { INCOME_COMPONENTS, INCOME_FIELDS } from '../labels.ts';
import { useTRPC, type DetailIncome } from '../trpc.ts';
import { useWrite } from './useWrite.ts';

type Component = (typeof INCOME_COMPONENTS)[number];
type Values = { year: number } & Record<Component, string>;

function amountsOf(income: DetailIncome | undefined): Record<Component, string> {
  return Object.fromEntries(INCOME_COMPONENTS.map((key) => [key, income ? fenToInput(income[key]) : '0'])) as Record<Component, string>;
}

/** 登记收入: one year's income components in yuan (stored in fen); an existing year is overwritten. */
export function IncomeModal({ householdId, incomes, onClose }: { householdId: number; incomes: readonly DetailIncome[]; onClose: () => void }) {
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const [form] = Form.useForm<Values>();
  const record = useMutation(trpc.registry.incomes.record.mutationOptions());
  const write = useWrite(form, 'income.');
  const lastYear = shanghaiYear() - 1;
  const year = Form.useWatch('year', form);
  const values = Form.useWatch([], form) as Partial<Values> | undefined;
  const existing = incomes.find((income) => income.year === year);
  const fen = INCOME_COMPONENTS.map((key) => parseAmountToFen(values?.[key] ?? ''));
  const net = fen.every((value) => value !== null) ? (fen as number[]).slice(0, 4).reduce((sum, value) => sum + value, 0) - (fen[4] as number) : null;

  const submit = async (submitted: Values) => {
    const income = { year: submitted.year } as IncomeInput;
    for (const key of INCOME_COMPONENTS) income[key] = parseAmountToFen(submitted[key]) ?? 0;
    const done = await write.run(
      () => record.mutateAsync({ regionCode: region.code, householdId, income }),
      l(`${submitted.year} 年收入已登记`, `Income for ${submitted.year} recorded`),
    );
    if (done) onClose();
  };

  return (
    <Modal
      open
      title={l('登记收入', 'Record income')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={write.pending}
      okText={l('保存', 'Save')}
      cancelText={l('取消', 'Cancel')}
      destroyOnHidden
      width={560}
    >
      <ErrorMessage error={write.error} />
      <Form<Values>
        form={form}
        layout="vertical"
        data-testid="income-form"
        initialValues={{ year: lastYear, ...amountsOf(incomes.find((income) => income.year === lastYear)) }}
        onValuesChange={(changed: Partial<Values>) => {
          // Choosing a recorded year starts from its figures.
          if (changed.year !== undefined) form.setFieldsValue(amountsOf(incomes.find((income) => income.year === changed.year)));
        }}
        onFinish={(submitted) => void submit(submitted)}
      >
        <Form.Item name="year" label={l('年度', 'Year')} rules={[{ required: true, message: l('请填写年度', 'Enter the year') }]}>
          <InputNumber min={2000} max={shanghaiYear()} precision={0} style={{ width: 140 }} />
        </Form.Item>
        {existing ? (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            title={l(
              `${existing.year} 年已有收入记录，保存将覆盖原记录（变更记入历史）`,
              `${existing.year} already has a record; saving replaces it (kept in the history)`,
            )}
          />
        ) : null}
        <Space wrap align="start">
          {INCOME_COMPONENTS.map((key) => (
            <Form.Item
              key={key}
              name={key}
              label={l(`${l.text(INCOME_FIELDS[key])}（元）`, `${l.text(INCOME_FIELDS[key])} (yuan)`)}
              rules={[
                { required: true, message: l('请填写金额，没有填 0', 'Enter an amount (0 if none)') },
                {
                  validator: async (_, value: string | undefined) => {
                    if (value && parseAmountToFen(value) === null)
                      throw new Error(l('请输入不小于 0 的金额，最多两位小数', 'A non-negative amount with at most 2 decimals'));
                  },
                },
              ]}
            >
              <Input inputMode="decimal" style={{ width: 150 }} />
            </Form.Item>
          ))}
        </Space>
        <div data-testid="income-net">
          {l('家庭纯收入：', 'Net household income: ')}
          <strong>{net === null ? '—' : l(`${formatFen(net)} 元`, `${formatFen(net)} yuan`)}</strong>
          <span style={{ color: 'rgba(0,0,0,0.45)', marginLeft: 8 }}>{l('（四项收入之和减生产经营性支出）', '(the four incomes less production costs)')}</span>
        </div>
      </Form>
    </Modal>
  );
}
