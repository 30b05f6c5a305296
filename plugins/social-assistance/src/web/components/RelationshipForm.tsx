/** The province's new relationship: system and kind, donor, recipient county (or village), dates, the responsible people, the leader package it carries out. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { applyFieldErrors, ErrorMessage, useL } from '@zhenxing/ui';
import { App, Form, Input, Modal, Select } from 'antd';
import { ORGANISATION_KIND_LABELS, PAIRING_KIND_LABELS, PAIRING_KINDS, SYSTEM_LABELS, SYSTEMS, type AssistanceSystem, type PairingKind } from '../../index.ts';
import { useTRPC } from '../trpc.ts';

interface Values {
  system: AssistanceSystem;
  kind?: PairingKind;
  organisationId: number;
  countyCode: string;
  villageCode?: string;
  startOn: string;
  endOn?: string;
  donorContact: string;
  recipientContact?: string;
  packageId?: number;
}

export function RelationshipForm({ regionCode, defaultCounty, onClose }: { regionCode: string; defaultCounty: string | null; onClose(): void }) {
  const l = useL();
  const trpc = useTRPC();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const system = Form.useWatch('system', form);
  const countyCode = Form.useWatch('countyCode', form);
  const packages = useQuery({ ...trpc['social-assistance'].packages.list.queryOptions({ regionCode }), enabled: system === 'leader-contact' });
  const packageOptions = (packages.data ?? [])
    .filter((row) => row.countyCode === countyCode)
    .map((row) => ({ value: row.id, label: `${row.name}：${row.leaderName}（${row.countyName}）` }));
  const organisations = useQuery(trpc['social-assistance'].organisations.list.queryOptions({ regionCode }));
  const create = useMutation(trpc['social-assistance'].relationships.create.mutationOptions());
  const options = (organisations.data ?? [])
    .filter((row) => row.active)
    .map((row) => ({ value: row.id, label: `${row.name}（${l.text(ORGANISATION_KIND_LABELS[row.kind])}）` }));

  async function save() {
    const values = await form.validateFields();
    try {
      const created = await create.mutateAsync({
        regionCode,
        system: values.system,
        kind: values.system === 'pairing' ? (values.kind ?? null) : null,
        organisationId: values.organisationId,
        countyCode: values.countyCode,
        villageCode: values.villageCode?.trim() ? values.villageCode.trim() : null,
        startOn: values.startOn,
        endOn: values.endOn?.trim() ? values.endOn.trim() : null,
        responsible: [
          { name: values.donorContact, side: 'donor' },
          ...(values.recipientContact?.trim() ? [{ name: values.recipientContact.trim(), side: 'recipient' as const }] : []),
        ],
        packageId: values.system === 'leader-contact' ? (values.packageId ?? null) : null,
      });
      message.success(l(`已建立帮扶关系（编号 ${created.id}）`, `Relationship ${created.id} created`));
      await queryClient.invalidateQueries({ queryKey: trpc['social-assistance'].pathKey() });
      onClose();
    } catch (caught) {
      applyFieldErrors(form, caught, l.locale);
    }
  }

  return (
    <Modal
      open
      title={l('新建帮扶关系', 'New relationship')}
      okText={l('保存', 'Save')}
      onOk={() => void save()}
      confirmLoading={create.isPending}
      onCancel={onClose}
    >
      <ErrorMessage error={organisations.error ?? create.error} />
      <Form form={form} layout="vertical" data-testid="relationship-form" initialValues={{ system: 'pairing', countyCode: defaultCounty ?? '' }}>
        <Form.Item name="system" label={l('帮扶体系', 'System')} rules={[{ required: true }]}>
          <Select data-testid="relationship-system" options={SYSTEMS.map((code) => ({ value: code, label: l.text(SYSTEM_LABELS[code]) }))} />
        </Form.Item>
        {system === 'pairing' && (
          <Form.Item name="kind" label={l('结对类型', 'Kind')} rules={[{ required: true, message: l('请选择结对类型', 'Choose the kind') }]}>
            <Select data-testid="relationship-kind" options={PAIRING_KINDS.map((code) => ({ value: code, label: l.text(PAIRING_KIND_LABELS[code]) }))} />
          </Form.Item>
        )}
        <Form.Item
          name="organisationId"
          label={l('帮扶单位', 'Donor organisation')}
          rules={[{ required: true, message: l('请选择帮扶单位', 'Choose the donor') }]}
        >
          <Select data-testid="relationship-organisation" showSearch optionFilterProp="label" options={options} />
        </Form.Item>
        <Form.Item
          name="countyCode"
          label={l('受援县代码', 'Recipient county code')}
          rules={[{ required: true, pattern: /^\d{6}$/, message: l('6位县代码', '6-digit county code') }]}
        >
          <Input data-testid="relationship-county" inputMode="numeric" />
        </Form.Item>
        {system === 'department' && (
          <Form.Item
            name="villageCode"
            label={l('受援村代码', 'Recipient village code')}
            rules={[{ required: true, pattern: /^\d{12}$/, message: l('12位村代码', '12-digit village code') }]}
          >
            <Input inputMode="numeric" />
          </Form.Item>
        )}
        <Form.Item name="startOn" label={l('开始日期', 'From')} rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/, message: 'YYYY-MM-DD' }]}>
          <Input data-testid="relationship-start" placeholder="2026-01-01" />
        </Form.Item>
        <Form.Item name="endOn" label={l('结束日期（可空）', 'To (optional)')}>
          <Input placeholder="2027-12-31" />
        </Form.Item>
        <Form.Item
          name="donorContact"
          label={l('帮扶方责任人', 'Donor’s responsible person')}
          rules={[{ required: true, message: l('请填写责任人', 'Name the person') }]}
        >
          <Input data-testid="relationship-donor-contact" />
        </Form.Item>
        <Form.Item name="recipientContact" label={l('受援方责任人', 'Recipient’s responsible person')}>
          <Input />
        </Form.Item>
        {system === 'leader-contact' && (
          <Form.Item
            name="packageId"
            label={l('包联组（省级设立）', 'Leader package (set up by the province)')}
            rules={[{ required: true, message: l('请选择该县的包联组', 'Choose the county’s package') }]}
          >
            <Select data-testid="relationship-package" options={packageOptions} notFoundContent={l('该县尚无包联组', 'No package for this county yet')} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
