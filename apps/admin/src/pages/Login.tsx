import { GlobalOutlined, LockOutlined, SafetyCertificateOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { ErrorMessage, errorReason, useL } from '@zhenxing/ui';
import { useState } from 'react';
import { App, Button, Card, Form, Input, Typography } from 'antd';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { useSession } from '../session.tsx';
import { useTRPC } from '../trpc.ts';

export default function LoginPage() {
  const l = useL();
  const trpc = useTRPC();
  const { session, signedIn, locale, setLocale } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const login = useMutation(trpc.auth.login.mutationOptions());
  const { notification } = App.useApp();
  const next = params.get('next');
  const [askCode, setAskCode] = useState(false);
  const target = next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/';

  if (session) return <Navigate to={target} replace />;

  // After a correct password, an enrolled user is asked for the authenticator's code.
  const codeAsked = login.error ? ['totp-required', 'totp-invalid'].includes(errorReason(login.error)) : false;
  if (codeAsked && !askCode) setAskCode(true);

  const submit = async (values: { username: string; password: string; totpCode?: string }) => {
    const result = await login.mutateAsync({ ...values, totpCode: values.totpCode || undefined }).catch(() => null);
    if (!result) return;
    await signedIn(result.csrfToken);
    if (result.lockoutNotice) {
      const until = new Date(result.lockoutNotice.lockedUntil).toLocaleString(locale === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai' });
      // Stays until dismissed: the holder must see that someone may be guessing their password.
      notification.warning({
        key: 'lockout-notice',
        duration: 0,
        message: l('账户安全提示', 'Account security notice'),
        description: l(
          `自您上次登录以来，您的账户因连续 ${result.lockoutNotice.failures} 次密码错误被临时锁定（至 ${until}）。如果不是您本人操作，请立即修改密码并告知安全管理员。`,
          `Since your last sign-in, your account was locked after ${result.lockoutNotice.failures} wrong passwords in a row (until ${until}). If this was not you, change your password now and tell your security administrator.`,
        ),
      });
    }
    navigate(result.mustChangePassword ? '/profile?mustChange=1' : target, { replace: true });
  };

  return (
    <div className="zx-login">
      <Card className="zx-login-card" variant="borderless" style={{ boxShadow: '0 12px 40px rgba(15,42,79,0.25)' }}>
        <div style={{ display: 'flex', alignItems: 'center', gap: 12, marginBottom: 8 }}>
          <span className="zx-logo-mark" style={{ width: 40, height: 40, fontSize: 20 }}>
            振
          </span>
          <div style={{ flex: 1 }}>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {l('乡村振兴综合管理平台', 'Rural Revitalization Platform')}
            </Typography.Title>
            <Typography.Text type="secondary">{l('省 · 市 · 县 · 乡 · 村 五级协同', 'Province to village, one system')}</Typography.Text>
          </div>
          <Button size="small" type="text" icon={<GlobalOutlined />} data-testid="login-locale" onClick={() => setLocale(locale === 'en' ? 'zh-CN' : 'en')}>
            {locale === 'en' ? '中文' : 'EN'}
          </Button>
        </div>
        <Form layout="vertical" requiredMark={false} onFinish={(values) => void submit(values)} style={{ marginTop: 24 }} disabled={login.isPending}>
          <Form.Item
            name="username"
            label={l('用户名', 'Username')}
            rules={[{ required: true, whitespace: true, message: l('请输入用户名', 'Enter your username') }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" size="large" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={l('密码', 'Password')} rules={[{ required: true, message: l('请输入密码', 'Enter your password') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
          </Form.Item>
          {askCode ? (
            <Form.Item
              name="totpCode"
              label={l('动态码', 'Authenticator code')}
              extra={l('打开手机上的身份验证器，输入显示的 6 位数字。', 'Open the authenticator app on your phone and enter the 6 digits it shows.')}
              rules={[{ required: true, pattern: /^\d{6}$/, message: l('请输入 6 位数字', 'Enter 6 digits') }]}
            >
              <Input
                prefix={<SafetyCertificateOutlined />}
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                size="large"
                autoFocus
                data-testid="login-totp"
              />
            </Form.Item>
          ) : null}
          {login.error && errorReason(login.error) !== 'totp-required' ? (
            <div style={{ marginBottom: 16 }}>
              <ErrorMessage error={login.error} />
            </div>
          ) : null}
          <Button type="primary" htmlType="submit" block size="large" loading={login.isPending} data-testid="login-submit">
            {l('登录', 'Sign in')}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 12 }}>
          {l(
            '忘记密码请联系本级或上级管理员重置。连续输错 5 次密码将锁定 15 分钟。',
            'Forgot your password? Ask your administrator to reset it. Five wrong passwords lock the account for 15 minutes.',
          )}
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
