/** The province edits a relationship (donor, period, responsible people, note: only what changed is sent) or ends it on a date. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { applyFieldErrors, ErrorMessage, useL } from '@zhenxing/ui';
import { App, Button, Divider, Form, Input, Modal, Select, Space } from 'antd';
import { useState } from 'react';
import { ORGANISATION_KIND_LABELS, type RelationshipView } from '../../index.ts';
import { useTRPC } from '../trpc.ts';

interface Values {
  organisationId: number;
  startOn: string;
  endOn?: string;
  donorContact: string;
  recipientContact?: string;
  note?: string;
}

export function RelationshipEditForm({ regionCode, relationship, onClose }: { regionCode: string; relationship: RelationshipView; onClose(): void }) {
  const l = useL();
  const trpc = useTRPC();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [endOn, setEndOn] = useState('');
  const organisations = useQuery(trpc['social-assistance'].organisations.list.queryOptions({ regionCode }));
  const update = useMutation(trpc['social-assistance'].relationships.update.mutationOptions());
  const end = useMutation(trpc['social-assistance'].relationships.end.mutationOptions());
  const options = (organisations.data ?? [])
    .filter((row) => row.active || row.id === relationship.organisationId)
    .map((row) => ({ value: row.id, label: `${row.name}（${l.text(ORGANISATION_KIND_LABELS[row.kind])}）` }));
  const donor = relationship.responsible.find((person) => person.side === 'donor');
  const recipient = relationship.responsible.find((person) => person.side === 'recipient');

  const done = async (text: string) => {
    message.success(text);
    await queryClient.invalidateQueries({ queryKey: trpc['social-assistance'].pathKey() });
    onClose();
  };

  async function save() {
    const values = await form.validateFields();
    const responsible = [
      { name: values.donorContact.trim(), title: donor?.title ?? '', side: 'donor' as const },
      ...(values.recipientContact?.trim() ? [{ name: values.recipientContact.trim(), title: recipient?.title ?? '', side: 'recipient' as const }] : []),
    ];
    const newEnd = values.endOn?.trim() ? values.endOn.trim() : null;
    try {
      await update.mutateAsync({
        regionCode,
        relationshipId: relationship.id,
        ...(values.organisationId !== relationship.organisationId ? { organisationId: values.organisationId } : {}),
        ...(values.startOn !== relationship.startOn ? { startOn: values.startOn } : {}),
        ...(newEnd !== relationship.endOn ? { endOn: newEnd } : {}),
        ...(JSON.stringify(responsible) !== JSON.stringify(relationship.responsible) ? { responsible } : {}),
        ...((values.note ?? '') !== relationship.note ? { note: values.note ?? '' } : {}),
      });
      await done(l(`已修改帮扶关系 ${relationship.id}`, `Relationship ${relationship.id} updated`));
    } catch (caught) {
      applyFieldErrors(form, caught, l.locale);
    }
  }

  async function endNow() {
    await end.mutateAsync({ regionCode, relationshipId: relationship.id, endOn: endOn.trim() });
    await done(l(`帮扶关系 ${relationship.id} 已于 ${endOn} 结束`, `Relationship ${relationship.id} ends on ${endOn}`));
  }

  return (
    <Modal
      open
      title={l(`修改帮扶关系（编号 ${relationship.id}）`, `Edit relationship ${relationship.id}`)}
      okText={l('保存', 'Save')}
      onOk={() => void save()}
      confirmLoading={update.isPending}
      onCancel={onClose}
    >
      <ErrorMessage error={organisations.error ?? update.error ?? end.error} />
      <Form
        form={form}
        layout="vertical"
        data-testid="relationship-edit-form"
        initialValues={{
          organisationId: relationship.organisationId,
          startOn: relationship.startOn,
          endOn: relationship.endOn ?? '',
          donorContact: donor?.name ?? '',
          recipientContact: recipient?.name ?? '',
          note: relationship.note,
        }}
      >
        <Form.Item name="organisationId" label={l('帮扶单位', 'Donor organisation')} rules={[{ required: true }]}>
          <Select data-testid="relationship-edit-organisation" showSearch optionFilterProp="label" options={options} />
        </Form.Item>
        <Form.Item name="startOn" label={l('开始日期', 'From')} rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/, message: 'YYYY-MM-DD' }]}>
          <Input />
        </Form.Item>
        <Form.Item name="endOn" label={l('结束日期（可空）', 'To (optional)')} rules={[{ pattern: /^(\d{4}-\d{2}-\d{2})?$/, message: 'YYYY-MM-DD' }]}>
          <Input />
        </Form.Item>
        <Form.Item name="donorContact" label={l('帮扶方责任人', 'Donor’s responsible person')} rules={[{ required: true }]}>
          <Input data-testid="relationship-edit-donor-contact" />
        </Form.Item>
        <Form.Item name="recipientContact" label={l('受援方责任人', 'Recipient’s responsible person')}>
          <Input />
        </Form.Item>
        <Form.Item name="note" label={l('备注', 'Note')}>
          <Input data-testid="relationship-edit-note" />
        </Form.Item>
      </Form>
      <Divider plain>{l('结束帮扶关系', 'End the relationship')}</Divider>
      <Space>
        <Input data-testid="relationship-end-on" placeholder="2026-12-31" value={endOn} onChange={(event) => setEndOn(event.target.value)} />
        <Button
          danger
          data-testid="relationship-end"
          disabled={!/^\d{4}-\d{2}-\d{2}$/.test(endOn.trim())}
          loading={end.isPending}
          onClick={() => void endNow()}
        >
          {l('结束', 'End')}
        </Button>
      </Space>
    </Modal>
  );
}
