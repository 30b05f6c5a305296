import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { applyFieldErrors, ErrorMessage, useL } from '@zhenxing/ui';
import { Alert, Button, Card, Form, Input, QRCode, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useSession } from '../session.tsx';
import { useTRPC } from '../trpc.ts';

/** Binding an authenticator app (TOTP): scan the QR code, type the first code. */
export function TotpEnrollment({ onDone }: { onDone?: () => void }) {
  const l = useL();
  const trpc = useTRPC();
  const [form] = Form.useForm<{ code: string }>();
  const status = useQuery(trpc.auth.totp.status.queryOptions());
  const begin = useMutation(trpc.auth.totp.begin.mutationOptions());
  const confirm = useMutation(trpc.auth.totp.confirm.mutationOptions());
  const [error, setError] = useState<unknown>(null);

  if (status.data?.state === 'active') {
    return (
      <Space>
        <Tag color="success" data-testid="totp-active">
          {l('已启用', 'On')}
        </Tag>
        <span>
          {l(
            '登录时需输入身份验证器中的动态码。更换手机请联系安全管理员重置。',
            'Sign-in asks for your authenticator’s code. For a new phone, ask a security administrator to reset it.',
          )}
        </span>
      </Space>
    );
  }

  const submit = async ({ code }: { code: string }) => {
    setError(null);
    try {
      await confirm.mutateAsync({ code });
      await status.refetch();
      onDone?.();
    } catch (failure) {
      setError(failure);
      applyFieldErrors(form, failure, l.locale);
    }
  };

  if (!begin.data) {
    return (
      <Space orientation="vertical">
        <span>
          {l(
            '使用手机上的身份验证器（如 Microsoft Authenticator、Google 身份验证器、FreeOTP）生成 6 位动态码，登录时在密码之后输入。',
            'An authenticator app on your phone (Microsoft Authenticator, Google Authenticator, FreeOTP …) makes a 6-digit code you enter after your password.',
          )}
        </span>
        {status.data?.required ? <Tag color="warning">{l('本省要求管理员启用', 'Required for admins in this province')}</Tag> : null}
        <Button type="primary" icon={<SafetyCertificateOutlined />} loading={begin.isPending} onClick={() => begin.mutate()} data-testid="totp-begin">
          {l('绑定身份验证器', 'Set up an authenticator')}
        </Button>
        {begin.error ? <ErrorMessage error={begin.error} /> : null}
      </Space>
    );
  }

  return (
    <Space orientation="vertical" size="middle">
      <span>{l('1. 用身份验证器扫描二维码（或手动输入密钥）：', '1. Scan the QR code with the app (or type the key):')}</span>
      <QRCode value={begin.data.uri} size={180} data-testid="totp-qr" />
      <Typography.Text copyable code data-testid="totp-secret">
        {begin.data.secret}
      </Typography.Text>
      <span>{l('2. 输入应用显示的 6 位动态码：', '2. Enter the 6-digit code the app shows:')}</span>
      <Form form={form} layout="inline" onFinish={(values) => void submit(values)} disabled={confirm.isPending}>
        <Form.Item name="code" rules={[{ required: true, pattern: /^\d{6}$/, message: l('请输入 6 位数字', 'Enter 6 digits') }]}>
          <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} style={{ width: 140 }} data-testid="totp-code" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={confirm.isPending} data-testid="totp-confirm">
          {l('确认绑定', 'Confirm')}
        </Button>
      </Form>
      {error ? <ErrorMessage error={error} /> : null}
    </Space>
  );
}

/** The whole screen for a password-only session where the province requires a second factor. */
export default function TotpRequiredPage() {
  const l = useL();
  const { signedIn, signOut, session } = useSession();
  return (
    <div className="zx-login">
      <Card className="zx-login-card" variant="borderless" title={l('启用双因素登录', 'Turn on two-factor sign-in')} style={{ width: 480 }}>
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={l(
            '本省要求管理员使用双因素登录（等保 2.0 三级）。绑定身份验证器后即可继续使用。',
            'This province requires two-factor sign-in for admins (MLPS 2.0 level 3). Set up an authenticator to continue.',
          )}
        />
        <TotpEnrollment onDone={() => void signedIn(session?.csrfToken ?? '')} />
        <div style={{ marginTop: 16 }}>
          <Button type="link" onClick={() => void signOut()} style={{ padding: 0 }}>
            {l('退出登录', 'Sign out')}
          </Button>
        </div>
      </Card>
    </div>
  );
}
