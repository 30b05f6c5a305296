import { Button, Result } from 'antd';
import { describeError } from '@zhenxing/ui';
import { useSession } from '../session.tsx';

/** auth.me itself failed (server down, network): say so, offer a retry. */
export function SessionFailed() {
  const { sessionError, retry, locale } = useSession();
  const en = locale === 'en';
  return (
    <Result
      status="warning"
      title={en ? 'Cannot reach Zhenxing' : '暂时无法连接系统'}
      subTitle={describeError(sessionError, locale).message}
      extra={
        <Button type="primary" onClick={retry}>
          {en ? 'Retry' : '重试'}
        </Button>
      }
    />
  );
}
