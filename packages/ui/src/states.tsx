import { Button, Empty, Result, Skeleton, Spin } from 'antd';
import type { ReactNode } from 'react';
import { ErrorMessage } from './errors.tsx';
import { useL } from './shell.tsx';

/** A region of the page that is loading; `skeleton` for content-shaped placeholders. */
export function LoadingState({ tip, skeleton }: { tip?: string; skeleton?: boolean }) {
  const l = useL();
  if (skeleton) return <Skeleton active paragraph={{ rows: 4 }} />;
  return (
    <div style={{ padding: 48, textAlign: 'center' }} aria-busy="true">
      <Spin />
      <div style={{ marginTop: 12, color: 'rgba(0,0,0,0.45)' }}>{tip ?? l('正在加载…', 'Loading…')}</div>
    </div>
  );
}

export function EmptyState({ description, action }: { description?: ReactNode; action?: ReactNode }) {
  const l = useL();
  return (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={description ?? l('暂无数据', 'No data')}>
      {action}
    </Empty>
  );
}

/** A failed load with a retry button; the message is the server's localized one. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const l = useL();
  return (
    <div style={{ padding: 16 }}>
      <ErrorMessage
        error={error}
        action={
          onRetry ? (
            <Button size="small" onClick={onRetry}>
              {l('重试', 'Retry')}
            </Button>
          ) : undefined
        }
      />
    </div>
  );
}

/** Loading / error / empty / content in one place, for query results. */
export function QueryState<T>({
  query,
  empty,
  children,
  isEmpty,
}: {
  query: { isPending: boolean; error: unknown; data: T | undefined; refetch: () => unknown };
  empty?: ReactNode;
  isEmpty?: (data: T) => boolean;
  children: (data: T) => ReactNode;
}) {
  if (query.error) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (query.isPending || query.data === undefined) return <LoadingState skeleton />;
  if (isEmpty?.(query.data)) return <>{empty ?? <EmptyState />}</>;
  return <>{children(query.data)}</>;
}

/** A module URL whose module the selected county has not enabled. */
export function ModuleNotEnabled({ moduleTitle, regionName, manageAction }: { moduleTitle: string; regionName: string; manageAction?: ReactNode }) {
  const l = useL();
  return (
    <Result
      status="info"
      data-testid="module-not-enabled"
      title={l('模块未启用', 'Module not enabled')}
      subTitle={l(
        `${regionName}尚未启用“${moduleTitle}”模块。如需使用，请县级管理员在“模块管理”中启用。`,
        `${regionName} has not enabled the “${moduleTitle}” module. A county admin can enable it under Modules.`,
      )}
      extra={manageAction}
    />
  );
}

export function ForbiddenState({ message }: { message?: string }) {
  const l = useL();
  return (
    <Result
      status="403"
      data-testid="forbidden"
      title={l('无权访问', 'No access')}
      subTitle={message ?? l('您没有访问此页面的权限，如需开通请联系上级管理员。', 'You do not have access to this page. Ask an administrator above you.')}
    />
  );
}

export function NotFoundState({ action }: { action?: ReactNode }) {
  const l = useL();
  return (
    <Result
      status="404"
      data-testid="not-found"
      title={l('页面不存在', 'Page not found')}
      subTitle={l('您访问的页面不存在或已被移除。', 'The page you asked for does not exist.')}
      extra={action}
    />
  );
}
