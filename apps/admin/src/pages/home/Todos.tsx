import { RightOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { EmptyState, ErrorState, LoadingState, useL, useShell } from '@zhenxing/ui';
import { Badge, Button, Card, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { useTRPC, type RouterOutputs } from '../../trpc.ts';

type TodoGroup = RouterOutputs['todos']['list'][number];

/** YYYY-MM-DD of today in Asia/Shanghai (deadlines are Shanghai dates). */
function shanghaiToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/**
 * What waits for the signed-in user (the core's todos.list over every enabled module): one card per
 * kind of work that has any, its first items as tappable rows with a "去办理" action, and a link to
 * the full list. Kinds with nothing waiting are left out.
 */
export function HomeTodos() {
  const l = useL();
  const shell = useShell();
  const trpc = useTRPC();
  const todos = useQuery(trpc.todos.list.queryOptions({ regionCode: shell.region.code, limit: 5 }));
  if (todos.error) return <ErrorState error={todos.error} onRetry={() => void todos.refetch()} />;
  if (todos.isPending) return <LoadingState skeleton />;
  const waiting = todos.data.filter((group) => group.count > 0);
  const total = waiting.reduce((sum, group) => sum + group.count, 0);
  return (
    <section data-testid="home-todos" aria-label={l('我的待办', 'My to-dos')} style={{ marginBottom: 16 }}>
      <Typography.Title level={5} style={{ margin: '0 0 8px' }}>
        {l('我的待办', 'My to-dos')} <Badge count={total} overflowCount={999} showZero color={total > 0 ? '#e8382f' : '#52c41a'} />
      </Typography.Title>
      {waiting.length === 0 ? (
        <Card>
          <EmptyState description={l('暂无待办事项。', 'Nothing is waiting for you.')} />
        </Card>
      ) : (
        <Space direction="vertical" size={12} style={{ width: '100%' }}>
          {waiting.map((group) => (
            <TodoCard key={group.key} group={group} />
          ))}
        </Space>
      )}
    </section>
  );
}

function TodoCard({ group }: { group: TodoGroup }) {
  const l = useL();
  const today = shanghaiToday();
  return (
    <Card
      size="small"
      data-testid={`todo-${group.key}`}
      title={
        <span>
          {l.text(group.title)}{' '}
          <Typography.Text type="secondary" style={{ fontWeight: 'normal', fontSize: 12 }}>
            {l.text(group.module)}
          </Typography.Text>
        </span>
      }
      extra={
        <Link to={group.href} data-testid="todo-all">
          {l(`全部 ${group.count} 项`, `All ${group.count}`)} <RightOutlined />
        </Link>
      }
      styles={{ body: { padding: 0 } }}
    >
      {group.items.map((item) => {
        const late = item.dueOn !== undefined && item.dueOn < today;
        return (
          <div key={item.key} className="zx-todo-item" data-testid="todo-item">
            <div style={{ minWidth: 0, flex: 1 }}>
              <div>
                <Typography.Text strong>{item.label}</Typography.Text>
                {item.regionName ? (
                  <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
                    {item.regionName}
                  </Typography.Text>
                ) : null}
              </div>
              {item.detail || item.dueOn ? (
                <div style={{ fontSize: 12 }}>
                  {item.detail ? <Typography.Text type="secondary">{l.text(item.detail)}</Typography.Text> : null}
                  {late ? (
                    <Tag color="red" style={{ marginLeft: 6 }}>
                      {l('已逾期', 'overdue')}
                    </Tag>
                  ) : null}
                </div>
              ) : null}
            </div>
            <Link to={item.href}>
              <Button type="primary" size="small" data-testid="todo-action">
                {l('去办理', 'Open')}
              </Button>
            </Link>
          </div>
        );
      })}
    </Card>
  );
}
