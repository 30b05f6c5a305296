/**
 * 帮扶关系: who assists which county or village. The province adds organisations and relationships
 * and sets the year's targets; the recipient county records results (by hand or with the annual
 * results sheet, all rows or none).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ErrorMessage, RegionName, uploadFile, useConfirm, useL, useRegion, useShell } from '@zhenxing/ui';
import { Alert, App, Button, Card, InputNumber, List, Space, Table, Tag } from 'antd';
import { useRef, useState } from 'react';
import {
  ORGANISATION_KIND_LABELS,
  PAIRING_KIND_LABELS,
  SYSTEM_LABELS,
  type ImportResultsOutcome,
  type OrganisationView,
  type RelationshipView,
} from '../../index.ts';
import { CommitmentsForm } from '../components/CommitmentsForm.tsx';
import { FundedProjectsModal } from '../components/FundedProjectsModal.tsx';
import { OrganisationForm } from '../components/OrganisationForm.tsx';
import { RelationshipEditForm } from '../components/RelationshipEditForm.tsx';
import { RelationshipForm } from '../components/RelationshipForm.tsx';
import { shanghaiYear } from '../format.ts';
import { useTRPC } from '../trpc.ts';

export default function RelationshipsPage() {
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { hasPermission } = useShell();
  const manage = hasPermission('social-assistance.assistance.manage');
  const record = hasPermission('social-assistance.result.record');
  const [year, setYear] = useState(shanghaiYear());
  const [editing, setEditing] = useState<{ relationship: RelationshipView; mode: 'targets' | 'results' } | null>(null);
  const [adding, setAdding] = useState<'organisation' | 'relationship' | null>(null);
  const [changing, setChanging] = useState<RelationshipView | null>(null);
  const [renaming, setRenaming] = useState<OrganisationView | null>(null);
  const [funded, setFunded] = useState<RelationshipView | null>(null);
  const confirm = useConfirm();
  const deactivate = useMutation(trpc['social-assistance'].organisations.deactivate.mutationOptions());
  const [outcome, setOutcome] = useState<ImportResultsOutcome | null>(null);
  const [uploadError, setUploadError] = useState<unknown>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const relationships = useQuery(trpc['social-assistance'].relationships.list.queryOptions({ regionCode: region.code }));
  const organisations = useQuery(trpc['social-assistance'].organisations.list.queryOptions({ regionCode: region.code }));
  const importResults = useMutation(trpc['social-assistance'].commitments.importResults.mutationOptions());

  async function importSheet(file: File) {
    setUploadError(null);
    setOutcome(null);
    try {
      const uploadId = await uploadFile(file, { plugin: 'social-assistance', purpose: 'results', regionCode: region.code });
      const result = await importResults.mutateAsync({ regionCode: region.code, uploadId, year });
      setOutcome(result);
      if (result.committed) {
        message.success(l(`已导入 ${result.rows} 行完成情况`, `Imported ${result.rows} rows`));
        await queryClient.invalidateQueries({ queryKey: trpc['social-assistance'].pathKey() });
      }
    } catch (caught) {
      setUploadError(caught);
    }
  }

  return (
    <div data-testid="assistance-relationships">
      <h1 className="zx-page-title">{l('帮扶关系', 'Assistance relationships')}</h1>
      <Space wrap style={{ marginBottom: 16 }}>
        <span>{l('年度', 'Year')}</span>
        <InputNumber min={2000} max={2100} value={year} onChange={(value) => value && setYear(value)} />
        {manage && (
          <>
            <Button onClick={() => setAdding('organisation')} data-testid="add-organisation">
              {l('新增帮扶单位', 'New organisation')}
            </Button>
            <Button type="primary" onClick={() => setAdding('relationship')} data-testid="add-relationship">
              {l('新建帮扶关系', 'New relationship')}
            </Button>
          </>
        )}
        {record && region.countyCode && (
          <>
            <Button onClick={() => fileInput.current?.click()} loading={importResults.isPending} data-testid="import-results">
              {l('导入年度成效表', 'Import the results sheet')}
            </Button>
            <input
              ref={fileInput}
              type="file"
              accept=".xlsx,.csv"
              hidden
              data-testid="import-results-file"
              onChange={(event) => {
                const file = event.target.files?.[0];
                event.target.value = '';
                if (file) void importSheet(file);
              }}
            />
          </>
        )}
      </Space>
      <ErrorMessage error={relationships.error ?? uploadError ?? importResults.error ?? deactivate.error} />
      {outcome && !outcome.committed && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="import-problems"
          message={l('成效表有误，未导入任何一行', 'The sheet has errors; nothing was imported')}
          description={
            <List
              size="small"
              dataSource={outcome.problems}
              renderItem={(problem) => <List.Item>{l(`第 ${problem.row} 行：`, `Row ${problem.row}: `) + problem.message}</List.Item>}
            />
          }
        />
      )}
      <Table<RelationshipView>
        size="small"
        rowKey="id"
        loading={relationships.isPending}
        dataSource={relationships.data ?? []}
        scroll={{ x: 'max-content' }}
        columns={[
          { key: 'id', dataIndex: 'id', title: l('编号', 'No.') },
          {
            key: 'county',
            title: l('受援地', 'Recipient'),
            render: (_: unknown, row) => (
              <>
                {row.countyName}
                {row.villageCode ? (
                  <>
                    {' '}
                    <RegionName code={row.villageCode} />
                  </>
                ) : null}
              </>
            ),
          },
          {
            key: 'system',
            title: l('体系 / 类型', 'System / kind'),
            render: (_: unknown, row) => `${l.text(SYSTEM_LABELS[row.system])}${row.kind ? ` · ${l.text(PAIRING_KIND_LABELS[row.kind])}` : ''}`,
          },
          {
            key: 'organisation',
            title: l('帮扶单位', 'Donor'),
            render: (_: unknown, row) =>
              row.system === 'leader-contact'
                ? `${row.leaderName ?? ''}：${row.packageMembers
                    .filter((member) => member.role !== 'leader')
                    .map((member) => member.organisationName ?? '')
                    .join('、')}`
                : row.organisationName,
          },
          { key: 'period', title: l('期限', 'Period'), render: (_: unknown, row) => `${row.startOn} ～ ${row.endOn ?? l('长期', 'open')}` },
          { key: 'responsible', title: l('责任人', 'Responsible'), render: (_: unknown, row) => row.responsible.map((person) => person.name).join('、') },
          {
            key: 'active',
            title: l('状态', 'Status'),
            render: (_: unknown, row) => (row.active ? <Tag color="green">{l('在帮', 'active')}</Tag> : <Tag>{l('已结束', 'ended')}</Tag>),
          },
          {
            key: 'actions',
            title: l('操作', 'Actions'),
            render: (_: unknown, row) => (
              <Space>
                {manage && (
                  <Button size="small" data-testid={`targets-${row.id}`} onClick={() => setEditing({ relationship: row, mode: 'targets' })}>
                    {l('下达目标', 'Targets')}
                  </Button>
                )}
                {manage && (
                  <Button size="small" data-testid={`edit-relationship-${row.id}`} onClick={() => setChanging(row)}>
                    {l('修改', 'Edit')}
                  </Button>
                )}
                {record && (
                  <Button size="small" type="primary" data-testid={`results-${row.id}`} onClick={() => setEditing({ relationship: row, mode: 'results' })}>
                    {l('填报完成', 'Results')}
                  </Button>
                )}
                {row.system === 'pairing' && (row.kind === 'funds' || row.kind === 'industry') && (
                  <Button size="small" data-testid={`funded-${row.id}`} onClick={() => setFunded(row)}>
                    {l('帮扶项目', 'Projects')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Card size="small" title={l('帮扶单位', 'Organisations')} style={{ marginTop: 16 }}>
        <ErrorMessage error={organisations.error} />
        <List
          size="small"
          dataSource={organisations.data ?? []}
          renderItem={(row) => (
            <List.Item
              data-testid={`organisation-${row.id}`}
              actions={
                manage
                  ? [
                      <Button key="edit" size="small" type="link" data-testid={`rename-organisation-${row.id}`} onClick={() => setRenaming(row)}>
                        {l('修改', 'Edit')}
                      </Button>,
                      ...(row.active
                        ? [
                            <Button
                              key="deactivate"
                              size="small"
                              type="link"
                              danger
                              data-testid={`deactivate-organisation-${row.id}`}
                              onClick={() =>
                                confirm({
                                  title: l(`停用“${row.name}”？`, `Deactivate "${row.name}"?`),
                                  content: l(
                                    '停用后不能再建立新的帮扶关系或包联组，已有记录保留。',
                                    'It takes no new relationship or package; its records stay.',
                                  ),
                                  danger: true,
                                  okText: l('停用', 'Deactivate'),
                                  onOk: async () => {
                                    await deactivate.mutateAsync({
                                      regionCode: region.code,
                                      organisationId: row.id,
                                      deactivatedOn: new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' }),
                                    });
                                    await queryClient.invalidateQueries({ queryKey: trpc['social-assistance'].pathKey() });
                                  },
                                })
                              }
                            >
                              {l('停用', 'Deactivate')}
                            </Button>,
                          ]
                        : []),
                    ]
                  : []
              }
            >
              <span>
                {row.name} <Tag>{l.text(ORGANISATION_KIND_LABELS[row.kind])}</Tag>
                {!row.inProvince && <Tag color="blue">{l('省外', 'outside the province')}</Tag>}
                {!row.active && <Tag color="default">{l(`已停用 ${row.deactivatedOn ?? ''}`, `deactivated ${row.deactivatedOn ?? ''}`)}</Tag>}
              </span>
              <span>{l(`本辖区帮扶关系 ${row.assists.length} 个`, `${row.assists.length} relationships here`)}</span>
            </List.Item>
          )}
        />
      </Card>
      {editing && (
        <CommitmentsForm relationship={editing.relationship} mode={editing.mode} year={year} regionCode={region.code} onClose={() => setEditing(null)} />
      )}
      {adding === 'organisation' && <OrganisationForm regionCode={region.code} onClose={() => setAdding(null)} />}
      {renaming && <OrganisationForm regionCode={region.code} editing={renaming} onClose={() => setRenaming(null)} />}
      {changing && <RelationshipEditForm regionCode={region.code} relationship={changing} onClose={() => setChanging(null)} />}
      {funded && <FundedProjectsModal regionCode={region.code} relationship={funded} year={year} canLink={record} onClose={() => setFunded(null)} />}
      {adding === 'relationship' && <RelationshipForm regionCode={region.code} defaultCounty={region.countyCode} onClose={() => setAdding(null)} />}
    </div>
  );
}
