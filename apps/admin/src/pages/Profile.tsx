import { useMutation } from '@tanstack/react-query';
import { applyFieldErrors, ErrorMessage, RegionName, useConfirm, useL, useShell } from '@zhenxing/ui';
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, Row, Segmented, Space, Tag } from 'antd';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useSession } from '../session.tsx';
import { setCsrfToken, useTRPC } from '../trpc.ts';
import { TotpEnrollment } from './TotpEnrollment.tsx';

export default function ProfilePage() {
  const l = useL();
  const shell = useShell();
  const trpc = useTRPC();
  const { signedIn } = useSession();
  const confirm = useConfirm();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [params] = useSearchParams();
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const change = useMutation(trpc.auth.changePassword.mutationOptions());
  const everywhere = useMutation(trpc.auth.logoutEverywhere.mutationOptions());
  const user = shell.user;

  const submit = async (values: { currentPassword: string; newPassword: string }) => {
    setError(null);
    try {
      const result = await change.mutateAsync({ currentPassword: values.currentPassword, newPassword: values.newPassword });
      message.success(l('密码已修改，其他设备需重新登录。', 'Password changed; other devices must sign in again.'));
      form.resetFields();
      await signedIn(result.csrfToken);
    } catch (failure) {
      setError(failure);
      applyFieldErrors(form, failure, l.locale);
    }
  };

  return (
    <div>
      <h1 className="zx-page-title">{l('个人设置', 'My account')}</h1>
      {params.get('mustChange') ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={l('您正在使用一次性密码，请先设置新密码。', 'You signed in with a one-time password; set a new one now.')}
        />
      ) : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={l('基本信息', 'Profile')}>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={l('姓名', 'Name')}>{user.displayName}</Descriptions.Item>
              <Descriptions.Item label={l('用户名', 'Username')}>{user.username}</Descriptions.Item>
              <Descriptions.Item label={l('角色', 'Role')}>
                <Tag color="blue">{l.text(user.roleTitle)}</Tag>
              </Descriptions.Item>
              <Descriptions.Item label={l('管辖区划', 'Region')}>
                <RegionName code={user.scopeCode} withCode />
              </Descriptions.Item>
              <Descriptions.Item label={l('界面语言', 'Language')}>
                <Segmented
                  value={shell.locale}
                  onChange={(value) => shell.setLocale(value as 'zh-CN' | 'en')}
                  options={[
                    { value: 'zh-CN', label: '简体中文' },
                    { value: 'en', label: 'English' },
                  ]}
                />
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <Card title={l('双因素登录', 'Two-factor sign-in')} style={{ marginTop: 16 }} data-testid="totp-card">
            <TotpEnrollment />
          </Card>
          <Card title={l('登录安全', 'Sessions')} style={{ marginTop: 16 }}>
            <Space orientation="vertical">
              <span>
                {l(
                  '如怀疑账号在其他设备上被使用，可以结束所有设备上的登录（包括本机）。',
                  'If you suspect someone else uses your account, end every session, this one included.',
                )}
              </span>
              <Button
                danger
                data-testid="logout-everywhere"
                onClick={() =>
                  confirm({
                    danger: true,
                    title: l('退出所有设备？', 'Sign out everywhere?'),
                    content: l('所有设备上的登录都将结束，您需要重新登录。', 'Every session ends; you will need to sign in again.'),
                    okText: l('全部退出', 'Sign out everywhere'),
                    onOk: async () => {
                      try {
                        const result = await everywhere.mutateAsync();
                        message.success(l(`已结束 ${result.ended} 个登录`, `${result.ended} sessions ended`));
                      } finally {
                        setCsrfToken(null);
                        await signedIn('').catch(() => undefined);
                        navigate('/login');
                      }
                    },
                  })
                }
              >
                {l('退出所有设备', 'Sign out everywhere')}
              </Button>
            </Space>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={l('修改密码', 'Change password')}>
            <Form form={form} layout="vertical" onFinish={(values) => void submit(values)} disabled={change.isPending} data-testid="password-form">
              <Form.Item
                name="currentPassword"
                label={l('当前密码', 'Current password')}
                rules={[{ required: true, message: l('请输入当前密码', 'Enter your current password') }]}
              >
                <Input.Password autoComplete="current-password" />
              </Form.Item>
              <Form.Item
                name="newPassword"
                label={l('新密码', 'New password')}
                extra={l(
                  '至少 10 位，包含小写字母、大写字母、数字、符号中的至少三类，且不含用户名。',
                  'At least 10 characters with three of: lower case, upper case, digits, symbols; not containing your username.',
                )}
                rules={[{ required: true, message: l('请输入新密码', 'Enter a new password') }]}
              >
                <Input.Password autoComplete="new-password" />
              </Form.Item>
              <Form.Item
                name="confirm"
                label={l('确认新密码', 'Repeat new password')}
                dependencies={['newPassword']}
                rules={[
                  { required: true, message: l('请再次输入新密码', 'Repeat the new password') },
                  ({ getFieldValue }) => ({
                    validator: async (_rule, value) => {
                      if (value && value !== getFieldValue('newPassword')) throw new Error(l('两次输入的密码不一致', 'The passwords differ'));
                    },
                  }),
                ]}
              >
                <Input.Password autoComplete="new-password" />
              </Form.Item>
              {error ? (
                <div style={{ marginBottom: 16 }}>
                  <ErrorMessage error={error} />
                </div>
              ) : null}
              <Button type="primary" htmlType="submit" loading={change.isPending}>
                {l('修改密码', 'Change password')}
              </Button>
            </Form>
          </Card>
        </Col>
      </Row>
    </div>
  );
}
