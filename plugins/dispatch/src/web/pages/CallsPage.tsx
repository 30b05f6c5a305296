/** 调度任务: the calls that ask the selected region, the county's notices, and (province/city) a new call. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ErrorMessage, pluginHref, useL, useRegion, useShell } from '@zhenxing/ui';
import { Badge, Button, Card, List, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { CreateCallForm } from '../components/CreateCallForm.tsx';
import { shanghaiTime } from '../labels.ts';
import { useTRPC } from '../trpc.ts';

export default function CallsPage() {
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const navigate = useNavigate();
  const { hasPermission } = useShell();
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const calls = useQuery(trpc.dispatch.calls.list.queryOptions({ regionCode: region.code }));
  const notices = useQuery(trpc.dispatch.notices.list.queryOptions({ regionCode: region.code }));
  const markRead = useMutation(trpc.dispatch.notices.markRead.mutationOptions());
  const manage = hasPermission('dispatch.call.manage');
  return (
    <div data-testid="dispatch-calls">
      <h1 className="zx-page-title">{l('监测调度', 'Data calls')}</h1>
      <ErrorMessage error={calls.error ?? notices.error ?? markRead.error} />
      {(notices.data ?? []).length > 0 ? (
        <Card size="small" style={{ marginBottom: 16 }} title={l('通知', 'Notices')} data-testid="dispatch-notices">
          <List
            size="small"
            dataSource={notices.data ?? []}
            renderItem={(notice) => (
              <List.Item
                actions={
                  notice.readAt
                    ? []
                    : [
                        <Button
                          key="read"
                          size="small"
                          type="link"
                          onClick={() =>
                            markRead.mutate(
                              { regionCode: region.code, noticeId: notice.id },
                              { onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.dispatch.notices.pathKey() }) },
                            )
                          }
                        >
                          {l('标为已读', 'Mark read')}
                        </Button>,
                      ]
                }
              >
                <Badge status={notice.readAt ? 'default' : notice.kind === 'returned' ? 'error' : 'warning'} />{' '}
                <Tag color={notice.kind === 'returned' ? 'red' : 'gold'}>{notice.kind === 'returned' ? l('退回', 'Returned') : l('催报', 'Reminder')}</Tag>
                <Link to={pluginHref('dispatch', `calls/${notice.callId}/periods/${notice.periodId}?county=${notice.countyCode}`)}>{notice.message}</Link>
                <span style={{ color: '#888', marginLeft: 8 }}>{shanghaiTime(notice.createdAt)}</span>
              </List.Item>
            )}
          />
        </Card>
      ) : null}
      {manage ? (
        <Card
          size="small"
          style={{ marginBottom: 16 }}
          title={l('发起调度', 'New data call')}
          extra={
            <Button onClick={() => setCreating(!creating)} data-testid="dispatch-toggle-create">
              {creating ? l('收起', 'Hide') : l('新建', 'New')}
            </Button>
          }
        >
          {creating ? <CreateCallForm onCreated={(id) => navigate(pluginHref('dispatch', `calls/${id}`))} /> : null}
        </Card>
      ) : null}
      <Table
        size="small"
        rowKey="id"
        loading={calls.isPending}
        dataSource={calls.data ?? []}
        scroll={{ x: 'max-content' }}
        columns={[
          {
            key: 'title',
            title: l('调度任务', 'Call'),
            render: (_, row) => <Link to={pluginHref('dispatch', `calls/${row.id}`)}>{row.title}</Link>,
          },
          { key: 'recurrence', title: l('周期', 'Recurrence'), render: (_, row) => (row.recurrence === 'weekly' ? l('每周', 'weekly') : l('每月', 'monthly')) },
          { key: 'issuer', dataIndex: 'regionName', title: l('发起区划', 'Issued by') },
          { key: 'counties', title: l('报送县数', 'Counties'), render: (_, row) => row.counties.length },
          {
            key: 'next',
            title: l('下一截止', 'Next deadline'),
            render: (_, row) => (row.nextPeriod ? `${row.nextPeriod.label} · ${shanghaiTime(row.nextPeriod.dueAt)}` : l('已结束', 'ended')),
          },
        ]}
      />
    </div>
  );
}
