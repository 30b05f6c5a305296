import { useMutation } from '@tanstack/react-query';
import { ErrorMessage, shanghaiToday, useL, useRegion } from '@zhenxing/ui';
import { validateIdNumber } from '@zhenxing/rules';
import { Form, Input, Modal, Select, Space } from 'antd';
import type { Employment, MemberInput, Relation, Schooling, SeriousIllnessCode } from '../../index.ts';
import { DISABILITY_GRADES, EMPLOYMENTS, ILLNESS_LABELS, optionsOf, RELATIONS, SCHOOLINGS, SEXES } from '../labels.ts';
import { useTRPC, type DetailMember } from '../trpc.ts';
import { useWrite } from './useWrite.ts';

interface Values {
  name: string;
  idNumber: string;
  relation: Relation;
  /** 0 stands for 无 (antd Select options need a non-null value). */
  disabilityGrade: 0 | 1 | 2 | 3 | 4;
  seriousIllness: SeriousIllnessCode;
  healthNote: string;
  schooling: Schooling;
  employment: Employment;
}

const HEALTH_FIELDS = ['disabilityGrade', 'seriousIllness', 'healthNote'] as const;

/**
 * 新增 / 修改家庭成员. The ID number is checked here with the rules' validateIdNumber (birth date and
 * sex follow from it); the server checks it again and that it is free in the county. A reader who
 * sees masked data edits neither the ID number nor health data (they are not sent).
 */
export function MemberFormModal({ householdId, member, onClose }: { householdId: number; member?: DetailMember; onClose: () => void }) {
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const [form] = Form.useForm<Values>();
  const add = useMutation(trpc.registry.members.add.mutationOptions());
  const update = useMutation(trpc.registry.members.update.mutationOptions());
  const write = useWrite(form, member ? 'patch.' : 'member.');
  const idNumber = Form.useWatch('idNumber', form);
  const idMasked = Boolean(member?.idNumber.includes('*'));
  const healthHidden = Boolean(member?.healthHidden);
  const checked = idNumber ? validateIdNumber(idNumber, { asOf: shanghaiToday() }) : null;
  const initial: Values = {
    name: member?.name ?? '',
    idNumber: member?.idNumber ?? '',
    relation: member?.relation ?? 'child',
    disabilityGrade: member?.disabilityGrade ?? 0,
    seriousIllness: member?.seriousIllness ?? 'none',
    healthNote: member?.healthNote ?? '',
    schooling: member?.schooling ?? 'not-applicable',
    employment: member?.employment ?? 'not-working',
  };

  const toInput = (values: Values): MemberInput => ({
    name: values.name.trim(),
    idNumber: values.idNumber.trim().toUpperCase(),
    relation: values.relation,
    disabilityGrade: values.disabilityGrade === 0 ? null : values.disabilityGrade,
    seriousIllness: values.seriousIllness,
    healthNote: values.healthNote.trim(),
    schooling: values.schooling,
    employment: values.employment,
  });

  const submit = async (values: Values) => {
    const input = toInput(values);
    if (!member) {
      const done = await write.run(
        () => add.mutateAsync({ regionCode: region.code, householdId, member: input }),
        l(`已新增家庭成员 ${input.name}`, `Added ${input.name}`),
      );
      if (done) onClose();
      return;
    }
    // Only what changed; never a masked ID number or hidden health data.
    const before = toInput(initial);
    const patch: Partial<MemberInput> = {};
    for (const key of Object.keys(input) as (keyof MemberInput)[]) {
      if ((key === 'idNumber' && idMasked) || (healthHidden && (HEALTH_FIELDS as readonly string[]).includes(key))) continue;
      if (input[key] !== before[key]) Object.assign(patch, { [key]: input[key] });
    }
    if (Object.keys(patch).length === 0) {
      onClose();
      return;
    }
    const done = await write.run(
      () => update.mutateAsync({ regionCode: region.code, id: member.id, patch }),
      l(`已保存 ${input.name} 的信息`, `Saved ${input.name}`),
    );
    if (done) onClose();
  };

  const idHelp = checked?.valid
    ? l(`出生日期 ${checked.birthDate} · ${l.text(SEXES[checked.sex])}`, `Born ${checked.birthDate} · ${l.text(SEXES[checked.sex])}`)
    : l('出生日期和性别按身份证号自动填写', 'Birth date and sex follow from the ID number');
  return (
    <Modal
      open
      title={member ? l(`修改家庭成员：${member.name}`, `Edit member: ${member.name}`) : l('新增家庭成员', 'Add a member')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={write.pending}
      okText={l('保存', 'Save')}
      cancelText={l('取消', 'Cancel')}
      destroyOnHidden
      width={640}
    >
      <ErrorMessage error={write.error} />
      <Form<Values> form={form} layout="vertical" data-testid="member-form" initialValues={initial} onFinish={(values) => void submit(values)}>
        <Space wrap align="start" style={{ width: '100%' }}>
          <Form.Item
            name="name"
            label={l('姓名', 'Name')}
            rules={[
              { required: true, whitespace: true, message: l('请填写姓名', 'Enter the name') },
              { max: 50, message: l('最多 50 字', 'At most 50 characters') },
            ]}
          >
            <Input maxLength={50} style={{ width: 180 }} />
          </Form.Item>
          <Form.Item
            name="idNumber"
            label={l('身份证号', 'ID number')}
            extra={idMasked ? l('无权查看完整身份证号，不可修改', 'Masked for you; it cannot be changed here') : idHelp}
            rules={
              idMasked
                ? []
                : [
                    { required: true, whitespace: true, message: l('请填写身份证号', 'Enter the ID number') },
                    {
                      validator: async (_, value: string | undefined) => {
                        if (!value?.trim()) return;
                        const result = validateIdNumber(value, { asOf: shanghaiToday() });
                        if (!result.valid) throw new Error(result.reasons.map((reason) => l.text(reason.message)).join(l('；', '; ')));
                      },
                    },
                  ]
            }
          >
            <Input maxLength={18} disabled={idMasked} style={{ width: 220 }} autoComplete="off" />
          </Form.Item>
          <Form.Item name="relation" label={l('与户主关系', 'Relation to head')} rules={[{ required: true }]}>
            <Select style={{ width: 160 }} options={optionsOf(RELATIONS, l.text, member?.relation === 'head' ? [] : ['head'])} data-testid="member-relation" />
          </Form.Item>
        </Space>
        {healthHidden ? null : (
          <Space wrap align="start" style={{ width: '100%' }}>
            <Form.Item name="disabilityGrade" label={l('残疾等级', 'Disability grade')}>
              <Select style={{ width: 140 }} options={DISABILITY_GRADES.map((grade) => ({ value: grade.value ?? 0, label: l.text(grade.label) }))} />
            </Form.Item>
            <Form.Item name="seriousIllness" label={l('大病/慢性病', 'Serious illness')}>
              <Select style={{ width: 180 }} options={optionsOf(ILLNESS_LABELS, l.text)} />
            </Form.Item>
          </Space>
        )}
        {healthHidden ? null : (
          <Form.Item name="healthNote" label={l('健康状况说明', 'Health note')} rules={[{ max: 500, message: l('最多 500 字', 'At most 500 characters') }]}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        )}
        <Space wrap align="start" style={{ width: '100%' }}>
          <Form.Item name="schooling" label={l('在校情况', 'Schooling')}>
            <Select style={{ width: 160 }} options={optionsOf(SCHOOLINGS, l.text)} />
          </Form.Item>
          <Form.Item name="employment" label={l('就业情况', 'Employment')}>
            <Select style={{ width: 180 }} options={optionsOf(EMPLOYMENTS, l.text)} />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}
