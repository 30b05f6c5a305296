/** The province adds a donor organisation (data, never a region), or renames one / corrects its note. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { applyFieldErrors, ErrorMessage, useL } from '@zhenxing/ui';
import { App, Form, Input, Modal, Select, Switch } from 'antd';
import { ORGANISATION_KIND_LABELS, ORGANISATION_KINDS, type OrganisationKind, type OrganisationView } from '../../index.ts';
import { useTRPC } from '../trpc.ts';

export function OrganisationForm({ regionCode, editing, onClose }: { regionCode: string; editing?: OrganisationView; onClose(): void }) {
  const l = useL();
  const trpc = useTRPC();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ name: string; kind: OrganisationKind; inProvince: boolean; note?: string }>();
  const create = useMutation(trpc['social-assistance'].organisations.create.mutationOptions());
  const update = useMutation(trpc['social-assistance'].organisations.update.mutationOptions());
  async function save() {
    const values = await form.validateFields();
    try {
      if (editing) {
        // Only what changed is sent (the server changes only the fields sent).
        await update.mutateAsync({
          regionCode,
          organisationId: editing.id,
          ...(values.name !== editing.name ? { name: values.name } : {}),
          ...((values.note ?? '') !== editing.note ? { note: values.note ?? '' } : {}),
        });
        message.success(l('已修改帮扶单位', 'Organisation updated'));
      } else {
        await create.mutateAsync({ regionCode, name: values.name, kind: values.kind, inProvince: values.inProvince, note: values.note ?? '' });
        message.success(l('已添加帮扶单位', 'Organisation added'));
      }
      await queryClient.invalidateQueries({ queryKey: trpc['social-assistance'].pathKey() });
      onClose();
    } catch (caught) {
      applyFieldErrors(form, caught, l.locale);
    }
  }
  return (
    <Modal
      open
      title={editing ? l('修改帮扶单位', 'Edit organisation') : l('新增帮扶单位', 'New organisation')}
      okText={l('保存', 'Save')}
      onOk={() => void save()}
      confirmLoading={create.isPending || update.isPending}
      onCancel={onClose}
    >
      <ErrorMessage error={create.error ?? update.error} />
      <Form
        form={form}
        layout="vertical"
        data-testid="organisation-form"
        initialValues={
          editing ? { name: editing.name, kind: editing.kind, inProvince: editing.inProvince, note: editing.note } : { kind: 'county', inProvince: true }
        }
      >
        <Form.Item name="name" label={l('单位名称', 'Name')} rules={[{ required: true }]}>
          <Input data-testid="organisation-name" />
        </Form.Item>
        <Form.Item name="kind" label={l('单位类型', 'Kind')} rules={[{ required: true }]}>
          <Select
            data-testid="organisation-kind"
            disabled={Boolean(editing)}
            options={ORGANISATION_KINDS.map((code) => ({ value: code, label: l.text(ORGANISATION_KIND_LABELS[code]) }))}
          />
        </Form.Item>
        <Form.Item name="inProvince" label={l('省内单位', 'Inside the province')} valuePropName="checked">
          <Switch disabled={Boolean(editing)} />
        </Form.Item>
        <Form.Item name="note" label={l('备注', 'Note')}>
          <Input data-testid="organisation-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
