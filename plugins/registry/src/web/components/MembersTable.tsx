import { useL } from '@zhenxing/ui';
import { Button, Table, Tag, Tooltip } from 'antd';
import type { ReactNode } from 'react';
import { DISABILITY_GRADES, EMPLOYMENTS, ILLNESS_LABELS, RELATIONS, SCHOOLINGS, SEXES } from '../labels.ts';
import type { DetailMember } from '../trpc.ts';
import { RegionName } from './RegionName.tsx';

/** 家庭成员: ID numbers as the server sends them (masked without registry.pii.view), labels in Chinese. */
export function MembersTable({ members, onEdit }: { members: readonly DetailMember[]; onEdit?: (member: DetailMember) => void }) {
  const l = useL();
  const hidden = (
    <Tooltip title={l('需“查看身份证号和健康信息”权限', 'Needs the permission to see ID numbers and health data')}>
      <Tag>{l('已隐藏', 'Hidden')}</Tag>
    </Tooltip>
  );
  const health = (member: DetailMember, value: ReactNode) => (member.healthHidden ? hidden : value);
  return (
    <Table<DetailMember>
      size="small"
      rowKey="id"
      pagination={false}
      scroll={{ x: 'max-content' }}
      dataSource={[...members]}
      data-testid="members-table"
      locale={{ emptyText: l('暂无家庭成员', 'No members') }}
      columns={[
        {
          key: 'name',
          title: l('姓名', 'Name'),
          render: (_, member) => (
            <span>
              {member.name}
              {member.alsoInCounties.length > 0 ? (
                <Tooltip title={l('同一身份证号也登记在其他县（区），请核实', 'The same ID number is registered in another county; please verify')}>
                  <Tag color="warning" style={{ marginLeft: 6 }} data-testid="also-in-counties">
                    {l('外县亦有登记：', 'Also in: ')}
                    {member.alsoInCounties.map((code, index) => (
                      <span key={code}>
                        {index > 0 ? '、' : null}
                        <RegionName code={code} />
                      </span>
                    ))}
                  </Tag>
                </Tooltip>
              ) : null}
            </span>
          ),
        },
        { key: 'idNumber', title: l('身份证号', 'ID number'), render: (_, member) => <span data-testid="member-id-number">{member.idNumber}</span> },
        { key: 'relation', title: l('与户主关系', 'Relation'), render: (_, member) => l.text(RELATIONS[member.relation]) },
        { key: 'sex', title: l('性别', 'Sex'), render: (_, member) => l.text(SEXES[member.sex]) },
        {
          key: 'birthDate',
          // Without registry.pii.view the server sends the age only: a birth date would complete the masked ID number.
          title: l('出生日期 / 年龄', 'Born / age'),
          render: (_, member) => (
            <span data-testid="member-birth-date">{member.birthDate ?? (member.age === null ? '—' : l(`${member.age} 岁`, `${member.age} years`))}</span>
          ),
        },
        {
          key: 'disabilityGrade',
          title: l('残疾等级', 'Disability'),
          render: (_, member) => health(member, l.text(DISABILITY_GRADES.find((grade) => grade.value === member.disabilityGrade)?.label)),
        },
        {
          key: 'seriousIllness',
          title: l('大病/慢性病', 'Illness'),
          render: (_, member) =>
            health(
              member,
              <Tooltip title={member.healthNote || undefined}>
                <span>{member.seriousIllness ? l.text(ILLNESS_LABELS[member.seriousIllness]) : '—'}</span>
              </Tooltip>,
            ),
        },
        { key: 'schooling', title: l('在校情况', 'Schooling'), render: (_, member) => l.text(SCHOOLINGS[member.schooling]) },
        { key: 'employment', title: l('就业情况', 'Employment'), render: (_, member) => l.text(EMPLOYMENTS[member.employment]) },
        ...(onEdit
          ? [
              {
                key: 'actions',
                title: l('操作', 'Actions'),
                render: (_: unknown, member: DetailMember) => (
                  <Button size="small" type="link" onClick={() => onEdit(member)} data-testid={`edit-member-${member.id}`}>
                    {l('修改', 'Edit')}
                  </Button>
                ),
              },
            ]
          : []),
      ]}
    />
  );
}
