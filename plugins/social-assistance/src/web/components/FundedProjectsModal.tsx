/**
 * Funded projects of a 资金支持 / 产业协作 pairing, linked to the project library: each shown by name
 * with a link to the project; where the project library is not enabled for the county it says 未启用
 * and offers nothing to link. The recipient county links a project with the amount the pairing put in.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ErrorMessage, formatFen, parseYuanToFen, useL } from '@zhenxing/ui';
import { Alert, App, Button, Input, List, Modal, Select, Space, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import type { RelationshipView } from '../../index.ts';
import { useTRPC } from '../trpc.ts';

export function FundedProjectsModal({
  regionCode,
  relationship,
  year,
  canLink,
  onClose,
}: {
  regionCode: string;
  relationship: RelationshipView;
  year: number;
  canLink: boolean;
  onClose(): void;
}) {
  const l = useL();
  const trpc = useTRPC();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [projectId, setProjectId] = useState<number | undefined>();
  const [amount, setAmount] = useState('');
  const links = useQuery(trpc['social-assistance'].fundedProjects.list.queryOptions({ regionCode, relationshipId: relationship.id }));
  const linkable = useQuery(trpc['social-assistance'].fundedProjects.linkable.queryOptions({ regionCode, countyCode: relationship.countyCode }));
  const link = useMutation(trpc['social-assistance'].fundedProjects.link.mutationOptions());
  const amountFen = parseYuanToFen(amount);
  const enabled = linkable.data?.enabled ?? false;

  async function save() {
    if (!projectId || amountFen === null) return;
    await link.mutateAsync({ regionCode, relationshipId: relationship.id, year, projectId, amountFen });
    message.success(l('已关联项目', 'Project linked'));
    setProjectId(undefined);
    setAmount('');
    await queryClient.invalidateQueries({ queryKey: trpc['social-assistance'].fundedProjects.pathKey() });
  }

  return (
    <Modal open footer={null} onCancel={onClose} title={l(`帮扶项目（帮扶关系 ${relationship.id}）`, `Funded projects (relationship ${relationship.id})`)}>
      <ErrorMessage error={links.error ?? linkable.error ?? link.error} />
      {linkable.data && !enabled && (
        <Alert
          type="info"
          showIcon
          data-testid="funded-projects-disabled"
          style={{ marginBottom: 12 }}
          message={l('项目库模块未启用', 'The project library is not enabled')}
          description={l('该县未启用项目库，帮扶项目无法关联。', 'This county has no project library; projects cannot be linked.')}
        />
      )}
      <List
        size="small"
        data-testid="funded-projects"
        loading={links.isPending}
        dataSource={links.data ?? []}
        locale={{ emptyText: l('尚未关联项目', 'No project linked yet') }}
        renderItem={(row) => (
          <List.Item>
            <span>
              {row.year} ·{' '}
              {row.project ? (
                <Link to={row.project.href} data-testid={`funded-project-${row.projectId}`}>
                  {row.project.title}
                </Link>
              ) : (
                <Tag>{l('未启用', 'not enabled')}</Tag>
              )}
            </span>
            <span>{formatFen(row.amountFen)}</span>
          </List.Item>
        )}
      />
      {canLink && enabled && (
        <Space wrap style={{ marginTop: 12 }} data-testid="funded-project-form">
          <Select
            style={{ minWidth: 220 }}
            placeholder={l('选择项目库中的项目', 'Choose a project')}
            data-testid="funded-project-pick"
            value={projectId}
            onChange={setProjectId}
            showSearch
            optionFilterProp="label"
            options={(linkable.data?.projects ?? []).map((project) => ({ value: project.id, label: project.title }))}
          />
          <Input
            style={{ width: 140 }}
            data-testid="funded-project-amount"
            placeholder={l('帮扶资金（元）', 'Amount (yuan)')}
            value={amount}
            onChange={(event) => setAmount(event.target.value)}
          />
          <Button
            type="primary"
            data-testid="funded-project-link"
            disabled={!projectId || amountFen === null}
            loading={link.isPending}
            onClick={() => void save()}
          >
            {l('关联', 'Link')}
          </Button>
        </Space>
      )}
    </Modal>
  );
}
