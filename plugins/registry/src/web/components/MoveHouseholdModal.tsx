import { useMutation } from '@tanstack/react-query';
import { ErrorMessage, RegionPicker, useL, useRegion } from '@zhenxing/ui';
import { Alert, Form, Input, Modal } from 'antd';
import { useTRPC, type HouseholdDetail } from '../trpc.ts';
import { RegionName } from './RegionName.tsx';
import { useWrite } from './useWrite.ts';

interface Values {
  villageCode?: string;
  address?: string;
}

/** 迁移: the household, its members and incomes move to another village (with an optional new address). */
export function MoveHouseholdModal({ household, onClose }: { household: HouseholdDetail['household']; onClose: () => void }) {
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const [form] = Form.useForm<Values>();
  const move = useMutation(trpc.registry.households.move.mutationOptions());
  const write = useWrite(form);
  const submit = async (values: Values) => {
    if (!values.villageCode) return;
    const villageCode = values.villageCode;
    const address = values.address?.trim() || undefined;
    const done = await write.run(
      () => move.mutateAsync({ regionCode: region.code, id: household.id, villageCode, address }),
      l('已迁移到新的村（社区）', 'Household moved'),
    );
    if (done) onClose();
  };
  return (
    <Modal
      open
      title={l('迁移到其他村（社区）', 'Move to another village')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={write.pending}
      okText={l('迁移', 'Move')}
      cancelText={l('取消', 'Cancel')}
      destroyOnHidden
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        title={
          <span>
            {l('当前：', 'Now: ')}
            <RegionName code={household.villageCode} withCode />
          </span>
        }
        description={l(
          '家庭成员和收入记录随户迁移；迁往外县时，身份证号须未在该县登记。',
          'Members and incomes move with the household; moving to another county needs their ID numbers free there.',
        )}
      />
      <ErrorMessage error={write.error} />
      <Form<Values> form={form} layout="vertical" data-testid="move-household-form" onFinish={(values) => void submit(values)}>
        <Form.Item
          name="villageCode"
          label={l('迁入村（社区）', 'New village')}
          rules={[
            { required: true, message: l('请选择村（社区）', 'Choose a village') },
            {
              validator: async (_, value: string | undefined) => {
                if (value && !/^\d{12}$/.test(value)) throw new Error(l('请选择到村（社区）一级', 'Choose down to a village'));
                if (value === household.villageCode) throw new Error(l('与当前村（社区）相同', 'That is the current village'));
              },
            },
          ]}
        >
          <VillageField />
        </Form.Item>
        <Form.Item
          name="address"
          label={l('新住址（不填则保留原住址）', 'New address (empty keeps the current one)')}
          rules={[{ max: 200, message: l('最多 200 字', 'At most 200 characters') }]}
        >
          <Input maxLength={200} placeholder={household.address} />
        </Form.Item>
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
      placeholder={l('选择村（社区）', 'Choose a village')}
      style={{ width: '100%' }}
      data-testid="move-village"
    />
  );
}
