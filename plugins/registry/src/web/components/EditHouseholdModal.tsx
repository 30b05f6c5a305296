import { useMutation } from '@tanstack/react-query';
import { ErrorMessage, useL, useRegion } from '@zhenxing/ui';
import { Form, Input, InputNumber, Modal, Select } from 'antd';
import type { HouseholdStatus, LabourCapacity } from '../../index.ts';
import { shanghaiYear } from '../format.ts';
import { LABOUR_LABELS, optionsOf, STATUS_LABELS } from '../labels.ts';
import { useTRPC, type HouseholdDetail } from '../trpc.ts';
import { useWrite } from './useWrite.ts';

interface Values {
  address: string;
  status: HouseholdStatus;
  yearLeftPoverty: number | null;
  labourCapacity: LabourCapacity;
}

/** 编辑农户信息: address, household type, year left poverty, labour capacity. */
export function EditHouseholdModal({ household, onClose }: { household: HouseholdDetail['household']; onClose: () => void }) {
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const [form] = Form.useForm<Values>();
  const update = useMutation(trpc.registry.households.update.mutationOptions());
  const write = useWrite(form);
  const status = Form.useWatch('status', form);
  const submit = async (values: Values) => {
    const done = await write.run(
      () =>
        update.mutateAsync({
          regionCode: region.code,
          id: household.id,
          address: values.address.trim(),
          status: values.status,
          yearLeftPoverty: values.yearLeftPoverty ?? null,
          labourCapacity: values.labourCapacity,
        }),
      l('农户信息已保存', 'Household saved'),
    );
    if (done) onClose();
  };
  return (
    <Modal
      open
      title={l('编辑农户信息', 'Edit household')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={write.pending}
      okText={l('保存', 'Save')}
      cancelText={l('取消', 'Cancel')}
      destroyOnHidden
    >
      <ErrorMessage error={write.error} />
      <Form<Values>
        form={form}
        layout="vertical"
        data-testid="edit-household-form"
        initialValues={{
          address: household.address,
          status: household.status,
          yearLeftPoverty: household.yearLeftPoverty,
          labourCapacity: household.labourCapacity,
        }}
        onFinish={(values) => void submit(values)}
      >
        <Form.Item
          name="address"
          label={l('家庭住址', 'Address')}
          rules={[
            { required: true, whitespace: true, message: l('请填写家庭住址', 'Enter the address') },
            { max: 200, message: l('最多 200 字', 'At most 200 characters') },
          ]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="status" label={l('户类型', 'Household type')} rules={[{ required: true }]}>
          <Select options={optionsOf(STATUS_LABELS, l.text)} data-testid="edit-status" />
        </Form.Item>
        <Form.Item
          name="yearLeftPoverty"
          label={l('脱贫年度', 'Year left poverty')}
          dependencies={['status']}
          rules={[{ required: status === 'left-poverty', message: l('脱贫户须填写脱贫年度', 'A household out of poverty needs the year it left') }]}
          extra={l('2013 年至今；脱贫户必填', 'From 2013; required for households out of poverty')}
        >
          <InputNumber min={2013} max={Math.min(2030, shanghaiYear())} precision={0} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="labourCapacity" label={l('劳动能力', 'Labour capacity')} rules={[{ required: true }]}>
          <Select options={optionsOf(LABOUR_LABELS, l.text)} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
