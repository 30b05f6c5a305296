/**
 * The province sets up a leader package (the county contacted, the composition — 五包一 / 三包一 —, the
 * leader and one organisation per unit role) or changes one (leader, members, end, note: only what
 * changed is sent). The roles are fixed once the package exists.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { applyFieldErrors, ErrorMessage, useL } from '@zhenxing/ui';
import { App, Form, Input, Modal, Select } from 'antd';
import { ORGANISATION_KIND_LABELS, PACKAGE_COMPOSITIONS, type LeaderPackageView, type OrganisationKind, type PackageRole } from '../../index.ts';
import { useTRPC } from '../trpc.ts';

type Composition = keyof typeof PACKAGE_COMPOSITIONS;
const COMPOSITIONS = Object.keys(PACKAGE_COMPOSITIONS) as Composition[];

interface Values {
  countyCode: string;
  composition: Composition;
  leaderName: string;
  leaderTitle?: string;
  units?: Partial<Record<OrganisationKind, number>>;
  startOn: string;
  endOn?: string;
  note?: string;
}

export function PackageForm({
  regionCode,
  defaultCounty,
  editing,
  onClose,
}: {
  regionCode: string;
  defaultCounty: string | null;
  editing?: LeaderPackageView;
  onClose(): void;
}) {
  const l = useL();
  const trpc = useTRPC();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const composition = Form.useWatch('composition', form) ?? (editing?.name as Composition | undefined) ?? '五包一';
  const roles: readonly PackageRole[] = editing ? editing.roles : (PACKAGE_COMPOSITIONS[composition] ?? PACKAGE_COMPOSITIONS['五包一']);
  const units = roles.filter((role): role is OrganisationKind => role !== 'leader');
  const organisations = useQuery(trpc['social-assistance'].organisations.list.queryOptions({ regionCode }));
  const create = useMutation(trpc['social-assistance'].packages.create.mutationOptions());
  const update = useMutation(trpc['social-assistance'].packages.update.mutationOptions());
  const options = (kind: OrganisationKind) =>
    (organisations.data ?? [])
      .filter((row) => row.active)
      .map((row) => ({ value: row.id, label: `${row.name}（${l.text(ORGANISATION_KIND_LABELS[row.kind])}）`, sameKind: row.kind === kind }))
      .sort((a, b) => Number(b.sameKind) - Number(a.sameKind));

  async function save() {
    const values = await form.validateFields();
    const members = roles.map((role) =>
      role === 'leader' ? { role, organisationId: null, name: values.leaderName } : { role, organisationId: values.units?.[role] ?? null, name: '' },
    );
    try {
      if (editing) {
        const before = editing.members.map(({ role, organisationId, name }) => ({ role, organisationId, name }));
        const endOn = values.endOn?.trim() ? values.endOn.trim() : null;
        await update.mutateAsync({
          regionCode,
          packageId: editing.id,
          ...(values.leaderName !== editing.leaderName ? { leaderName: values.leaderName } : {}),
          ...((values.leaderTitle ?? '') !== editing.leaderTitle ? { leaderTitle: values.leaderTitle ?? '' } : {}),
          ...(JSON.stringify(members) !== JSON.stringify(before) ? { members } : {}),
          ...(endOn !== editing.endOn ? { endOn } : {}),
          ...((values.note ?? '') !== editing.note ? { note: values.note ?? '' } : {}),
        });
        message.success(l('已修改包联组', 'Package updated'));
      } else {
        const created = await create.mutateAsync({
          regionCode,
          countyCode: values.countyCode,
          name: values.composition,
          roles: [...roles],
          leaderName: values.leaderName,
          leaderTitle: values.leaderTitle ?? '',
          members,
          startOn: values.startOn,
          endOn: values.endOn?.trim() ? values.endOn.trim() : null,
          note: values.note ?? '',
        });
        message.success(l(`已设立包联组（编号 ${created.id}）`, `Package ${created.id} set up`));
      }
      await queryClient.invalidateQueries({ queryKey: trpc['social-assistance'].pathKey() });
      onClose();
    } catch (caught) {
      applyFieldErrors(form, caught, l.locale);
    }
  }

  const initial: Partial<Values> = editing
    ? {
        countyCode: editing.countyCode,
        composition: editing.name as Composition,
        leaderName: editing.leaderName,
        leaderTitle: editing.leaderTitle,
        units: Object.fromEntries(
          editing.members.filter((member) => member.role !== 'leader').map((member) => [member.role, member.organisationId ?? undefined]),
        ),
        startOn: editing.startOn,
        endOn: editing.endOn ?? '',
        note: editing.note,
      }
    : { countyCode: defaultCounty ?? '', composition: '五包一' };

  return (
    <Modal
      open
      title={editing ? l(`修改包联组（${editing.countyName}）`, `Edit package (${editing.countyName})`) : l('设立省领导包联组', 'New leader package')}
      okText={l('保存', 'Save')}
      onOk={() => void save()}
      confirmLoading={create.isPending || update.isPending}
      onCancel={onClose}
    >
      <ErrorMessage error={organisations.error ?? create.error ?? update.error} />
      <Form form={form} layout="vertical" data-testid="package-form" initialValues={initial}>
        <Form.Item
          name="countyCode"
          label={l('包联县代码', 'County contacted')}
          rules={[{ required: true, pattern: /^\d{6}$/, message: l('6位县代码', '6-digit county code') }]}
        >
          <Input data-testid="package-county" inputMode="numeric" disabled={Boolean(editing)} />
        </Form.Item>
        <Form.Item name="composition" label={l('组成', 'Composition')} rules={[{ required: true }]}>
          <Select data-testid="package-composition" disabled={Boolean(editing)} options={COMPOSITIONS.map((name) => ({ value: name, label: name }))} />
        </Form.Item>
        <Form.Item name="leaderName" label={l('包联省领导', 'Province leader')} rules={[{ required: true }]}>
          <Input data-testid="package-leader" />
        </Form.Item>
        <Form.Item name="leaderTitle" label={l('职务', 'Title')}>
          <Input />
        </Form.Item>
        {units.map((role) => (
          <Form.Item
            key={role}
            name={['units', role]}
            label={l.text(ORGANISATION_KIND_LABELS[role])}
            rules={[{ required: true, message: l('请选择单位', 'Choose the unit') }]}
          >
            <Select data-testid={`package-unit-${role}`} showSearch optionFilterProp="label" options={options(role)} />
          </Form.Item>
        ))}
        <Form.Item name="startOn" label={l('开始日期', 'From')} rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/, message: 'YYYY-MM-DD' }]}>
          <Input data-testid="package-start" placeholder="2026-01-01" disabled={Boolean(editing)} />
        </Form.Item>
        <Form.Item name="endOn" label={l('结束日期（可空）', 'To (optional)')} rules={[{ pattern: /^(\d{4}-\d{2}-\d{2})?$/, message: 'YYYY-MM-DD' }]}>
          <Input />
        </Form.Item>
        <Form.Item name="note" label={l('备注', 'Note')}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}
