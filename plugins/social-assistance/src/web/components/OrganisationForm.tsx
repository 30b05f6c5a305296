/** The province adds a donor organisation (data, never a region). */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { applyFieldErrors, ErrorMessage, useL } from '@zhenxing/ui';
import { App, Form, Input, Modal, Select, Switch } from 'antd';
import { ORGANISATION_KIND_LABELS, ORGANISATION_KINDS, type OrganisationKind } from '../../index.ts';
import { useTRPC } from '../trpc.ts';

export function OrganisationForm({ regionCode, onClose }: { regionCode: string; onClose(): void }) {
  const l = useL();
  const trpc = useTRPC();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ name: string; kind: OrganisationKind; inProvince: boolean; note?: string }>();
  const create = useMutation(trpc['social-assistance'].organisations.create.mutationOptions());
  async function save() {
    const values = await form.validateFields();
    try {
      await create.mutateAsync({ regionCode, name: values.name, kind: values.kind, inProvince: values.inProvince, note: values.note ?? '' });
      message.success(l('已添加帮扶单位', 'Organisation added'));
      await queryClient.invalidateQueries({ queryKey: trpc['social-assistance'].pathKey() });
      onClose();
    } catch (caught) {
      applyFieldErrors(form, caught, l.locale);
    }
  }
  return (
    <Modal
      open
      title={l('新增帮扶单位', 'New organisation')}
      okText={l('保存', 'Save')}
      onOk={() => void save()}
      confirmLoading={create.isPending}
      onCancel={onClose}
    >
      <ErrorMessage error={create.error} />
      <Form form={form} layout="vertical" data-testid="organisation-form" initialValues={{ kind: 'county', inProvince: true }}>
        <Form.Item name="name" label={l('单位名称', 'Name')} rules={[{ required: true }]}>
          <Input data-testid="organisation-name" />
        </Form.Item>
        <Form.Item name="kind" label={l('单位类型', 'Kind')} rules={[{ required: true }]}>
          <Select
            data-testid="organisation-kind"
            options={ORGANISATION_KINDS.map((code) => ({ value: code, label: l.text(ORGANISATION_KIND_LABELS[code]) }))}
          />
        </Form.Item>
        <Form.Item name="inProvince" label={l('省内单位', 'Inside the province')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="note" label={l('备注', 'Note')}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}
