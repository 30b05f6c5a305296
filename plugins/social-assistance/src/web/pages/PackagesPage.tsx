/**
 * 省领导包联组: the province sets up and changes each leader's package (leader and member units by
 * role, the county contacted); a county sees its own package, read-only.
 */
import { useQuery } from '@tanstack/react-query';
import { ErrorMessage, useL, useRegion, useShell } from '@zhenxing/ui';
import { Button, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { ORGANISATION_KIND_LABELS, type LeaderPackageView } from '../../index.ts';
import { PackageForm } from '../components/PackageForm.tsx';
import { useTRPC } from '../trpc.ts';

export default function PackagesPage() {
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const { hasPermission } = useShell();
  const manage = hasPermission('social-assistance.assistance.manage');
  const [editing, setEditing] = useState<LeaderPackageView | 'new' | null>(null);
  const packages = useQuery(trpc['social-assistance'].packages.list.queryOptions({ regionCode: region.code }));
  return (
    <div data-testid="assistance-packages">
      <h1 className="zx-page-title">{l('省领导包联组', 'Leader packages')}</h1>
      <Space wrap style={{ marginBottom: 16 }}>
        {manage ? (
          <Button type="primary" data-testid="add-package" onClick={() => setEditing('new')}>
            {l('设立包联组', 'New package')}
          </Button>
        ) : (
          <Tag data-testid="packages-read-only">{l('包联组由省级设立和调整，本级只读', 'Packages are managed by the province; read-only here')}</Tag>
        )}
      </Space>
      <ErrorMessage error={packages.error} />
      <Table<LeaderPackageView>
        size="small"
        rowKey="id"
        loading={packages.isPending}
        dataSource={packages.data ?? []}
        scroll={{ x: 'max-content' }}
        columns={[
          { key: 'id', dataIndex: 'id', title: l('编号', 'No.') },
          { key: 'county', dataIndex: 'countyName', title: l('包联县', 'County') },
          { key: 'name', dataIndex: 'name', title: l('组成', 'Composition') },
          { key: 'leader', title: l('省领导', 'Leader'), render: (_: unknown, row) => `${row.leaderName}${row.leaderTitle ? `（${row.leaderTitle}）` : ''}` },
          {
            key: 'members',
            title: l('包联单位', 'Units'),
            render: (_: unknown, row) =>
              row.members
                .filter((member) => member.role !== 'leader')
                .map((member) => `${member.role === 'leader' ? '' : l.text(ORGANISATION_KIND_LABELS[member.role])}：${member.organisationName ?? ''}`)
                .join('；'),
          },
          { key: 'period', title: l('期限', 'Period'), render: (_: unknown, row) => `${row.startOn} ～ ${row.endOn ?? l('长期', 'open')}` },
          {
            key: 'active',
            title: l('状态', 'Status'),
            render: (_: unknown, row) => (row.active ? <Tag color="green">{l('在包联', 'active')}</Tag> : <Tag>{l('已结束', 'ended')}</Tag>),
          },
          ...(manage
            ? [
                {
                  key: 'actions',
                  title: l('操作', 'Actions'),
                  render: (_: unknown, row: LeaderPackageView) => (
                    <Button size="small" data-testid={`edit-package-${row.id}`} onClick={() => setEditing(row)}>
                      {l('调整', 'Change')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing && (
        <PackageForm
          regionCode={region.code}
          defaultCounty={region.countyCode}
          editing={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(null)}
        />
      )}
    </div>
  );
}
