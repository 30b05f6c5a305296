import { CopyOutlined } from '@ant-design/icons';
import { useL } from '@zhenxing/ui';
import { Alert, App, Button, Modal, Typography } from 'antd';

/** Shows a generated password exactly once; closing the dialog forgets it. */
export function OneTimePasswordModal({ value, username, onClose }: { value: string | null; username: string; onClose: () => void }) {
  const l = useL();
  const { message } = App.useApp();
  return (
    <Modal
      open={value !== null}
      title={l('一次性密码', 'One-time password')}
      onCancel={onClose}
      maskClosable={false}
      footer={
        <Button type="primary" onClick={onClose}>
          {l('我已记下，关闭', 'I have noted it — close')}
        </Button>
      }
      destroyOnHidden
    >
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        title={l(
          '此密码只显示这一次，关闭后无法再次查看。请通过安全渠道告知本人，首次登录后须修改。',
          'This password is shown only now. Pass it on securely; it must be changed at first sign-in.',
        )}
      />
      <Typography.Paragraph>
        {l('用户名：', 'Username: ')}
        <Typography.Text strong>{username}</Typography.Text>
      </Typography.Paragraph>
      <div style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
        <Typography.Text code style={{ fontSize: 18 }} data-testid="one-time-password">
          {value}
        </Typography.Text>
        <Button
          icon={<CopyOutlined />}
          onClick={() =>
            void navigator.clipboard
              ?.writeText(value ?? '')
              .then(() => message.success(l('已复制', 'Copied')))
              .catch(() => message.info(l('请手动复制', 'Copy it by hand')))
          }
        >
          {l('复制', 'Copy')}
        </Button>
      </div>
    </Modal>
  );
}
