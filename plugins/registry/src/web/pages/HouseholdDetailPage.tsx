import { EditOutlined, EnvironmentOutlined, PlusOutlined, WalletOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { ExtensionSlot, NotFoundState, pluginHref, QueryState, StatusBadge, useL, useRegion, useShell } from '@zhenxing/ui';
import { Button, Card, Descriptions, Space } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { EditHouseholdModal } from '../components/EditHouseholdModal.tsx';
import { HistoryTimeline } from '../components/HistoryTimeline.tsx';
import { IncomeModal } from '../components/IncomeModal.tsx';
import { IncomesTable } from '../components/IncomesTable.tsx';
import { MemberFormModal } from '../components/MemberFormModal.tsx';
import { MembersTable } from '../components/MembersTable.tsx';
import { MoveHouseholdModal } from '../components/MoveHouseholdModal.tsx';
import { RegionName } from '../components/RegionName.tsx';
import { formatDateTime } from '../format.ts';
import { HOUSEHOLD_STATUSES, LABOUR_LABELS } from '../labels.ts';
import { useTRPC, type DetailMember, type HouseholdDetail } from '../trpc.ts';

/** 农户详情: the household, its members and incomes, the full change history, and the edits. */
export default function HouseholdDetailPage() {
  const { id = '' } = useParams();
  const householdId = Number(id);
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const valid = Number.isInteger(householdId) && householdId > 0;
  const detail = useQuery({ ...trpc.registry.households.get.queryOptions({ regionCode: region.code, id: valid ? householdId : 1 }), enabled: valid });
  return (
    <div data-testid="registry-household">
      <div style={{ marginBottom: 8 }}>
        <Link to={pluginHref('registry')}>← {l('返回农户列表', 'Back to the list')}</Link>
      </div>
      {valid ? <QueryState query={detail}>{(data) => <HouseholdView data={data} />}</QueryState> : <NotFoundState />}
    </div>
  );
}

type Dialog = { kind: 'edit' } | { kind: 'move' } | { kind: 'member'; member?: DetailMember } | { kind: 'income' } | null;

function HouseholdView({ data }: { data: HouseholdDetail }) {
  const l = useL();
  const shell = useShell();
  const canWrite = shell.hasPermission('registry.household.write');
  const [dialog, setDialog] = useState<Dialog>(null);
  const { household, members } = data;
  const head = members.find((member) => member.relation === 'head');
  const close = () => setDialog(null);
  return (
    <>
      <Space wrap align="center" style={{ marginBottom: 12 }}>
        <h1 className="zx-page-title" style={{ margin: 0 }} data-testid="household-title">
          {head ? l(`${head.name}户`, `${head.name}’s household`) : l(`农户 #${household.id}`, `Household #${household.id}`)}
        </h1>
        <span data-testid="household-status">
          <StatusBadge status={household.status} statuses={HOUSEHOLD_STATUSES} />
        </span>
      </Space>
      {canWrite ? (
        <Space wrap style={{ marginBottom: 12 }} data-testid="household-actions">
          <Button icon={<EditOutlined />} onClick={() => setDialog({ kind: 'edit' })} data-testid="action-edit">
            {l('编辑农户信息', 'Edit household')}
          </Button>
          <Button icon={<EnvironmentOutlined />} onClick={() => setDialog({ kind: 'move' })} data-testid="action-move">
            {l('迁移', 'Move')}
          </Button>
          <Button icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'member' })} data-testid="action-add-member">
            {l('新增家庭成员', 'Add a member')}
          </Button>
          <Button icon={<WalletOutlined />} onClick={() => setDialog({ kind: 'income' })} data-testid="action-income">
            {l('登记收入', 'Record income')}
          </Button>
        </Space>
      ) : null}
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Card title={l('农户信息', 'Household')} size="small">
          <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} data-testid="household-facts">
            <Descriptions.Item label={l('户编号', 'Household key')}>
              <span data-testid="household-key">{household.householdKey}</span>
            </Descriptions.Item>
            <Descriptions.Item label={l('村（社区）', 'Village')}>
              <RegionName code={household.villageCode} withCode />
            </Descriptions.Item>
            <Descriptions.Item label={l('家庭住址', 'Address')}>
              <span data-testid="household-address">{household.address}</span>
            </Descriptions.Item>
            <Descriptions.Item label={l('脱贫年度', 'Left poverty')}>{household.yearLeftPoverty ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={l('劳动能力', 'Labour')}>{l.text(LABOUR_LABELS[household.labourCapacity])}</Descriptions.Item>
            <Descriptions.Item label={l('家庭人口', 'Members')}>{members.length}</Descriptions.Item>
            <Descriptions.Item label={l('登记时间', 'Registered')}>{formatDateTime(household.createdAt)}</Descriptions.Item>
            <Descriptions.Item label={l('最近更新', 'Updated')}>{formatDateTime(household.updatedAt)}</Descriptions.Item>
          </Descriptions>
        </Card>
        <Card title={l(`家庭成员（${members.length} 人）`, `Members (${members.length})`)} size="small">
          <MembersTable members={members} onEdit={canWrite ? (member) => setDialog({ kind: 'member', member }) : undefined} />
        </Card>
        <Card title={l('收入情况（元）', 'Incomes (yuan)')} size="small">
          <IncomesTable incomes={data.incomes} />
        </Card>
        {/* What other enabled modules know of this family: cases, measures, visits, plans … */}
        <ExtensionSlot
          name="household.detail"
          regionCode={household.villageCode}
          props={{ householdId: household.id, countyCode: household.villageCode.slice(0, 6), villageCode: household.villageCode }}
        />
        <Card title={l('变更记录', 'Change history')} size="small">
          <HistoryTimeline entries={data.history} members={members} />
        </Card>
      </Space>
      {dialog?.kind === 'edit' ? <EditHouseholdModal household={household} onClose={close} /> : null}
      {dialog?.kind === 'move' ? <MoveHouseholdModal household={household} onClose={close} /> : null}
      {dialog?.kind === 'member' ? <MemberFormModal householdId={household.id} member={dialog.member} onClose={close} /> : null}
      {dialog?.kind === 'income' ? <IncomeModal householdId={household.id} incomes={data.incomes} onClose={close} /> : null}
    </>
  );
}
