import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  applyFieldErrors,
  DataTable,
  describeError,
  ErrorMessage,
  RegionName,
  RegionPicker,
  useConfirm,
  useL,
  useShell,
  useTableParams,
  type DataColumn,
} from '@zhenxing/ui';
import { App, Button, Card, Form, Input, Modal, Select, Space, Switch, Tag, Tooltip } from 'antd';
import { useMemo, useState } from 'react';
import { trpcClient, useTRPC, type RouterInputs, type RouterOutputs } from '../trpc.ts';
import { OneTimePasswordModal } from './OneTimePassword.tsx';

type UserRow = RouterOutputs['users']['list']['rows'][number];

function formatTime(value: string | Date | null | undefined, locale: string): string {
  if (!value) return '';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short', timeZone: 'Asia/Shanghai' }).format(new Date(value));
}

export default function UsersPage() {
  const l = useL();
  const shell = useShell();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const confirm = useConfirm();
  const { message } = App.useApp();
  const canManage = shell.hasPermission('core.users.manage');
  const { params, setParams, patch } = useTableParams();
  const [search, setSearch] = useState('');
  const roles = useQuery(trpc.users.roles.queryOptions());
  const roleFilter = params.filters.role?.[0] as RouterInputs['users']['list']['role'];
  const input = { regionCode: shell.region.code, search: search || undefined, role: roleFilter, page: params.page, pageSize: params.pageSize };
  const list = useQuery({ ...trpc.users.list.queryOptions(input), placeholderData: keepPreviousData });
  const [editing, setEditing] = useState<UserRow | 'new' | null>(null);
  const [oneTime, setOneTime] = useState<{ username: string; password: string } | null>(null);
  const roleTitle = useMemo(() => new Map<string, string>((roles.data ?? []).map((role) => [role.role, l.text(role.title)])), [roles.data, l]);

  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.users.list.pathKey() });
  const reset = useMutation(trpc.users.resetPassword.mutationOptions());
  const unlock = useMutation(trpc.users.unlock.mutationOptions());
  const resetTotp = useMutation(trpc.users.resetTotp.mutationOptions());

  const columns: DataColumn<UserRow>[] = [
    { key: 'username', title: l('用户名', 'Username') },
    { key: 'displayName', title: l('姓名', 'Name') },
    {
      key: 'role',
      title: l('角色', 'Role'),
      filters: (roles.data ?? []).map((role) => ({ text: l.text(role.title), value: role.role })),
      filterMultiple: false,
      render: (_, row) => <Tag color="blue">{roleTitle.get(row.role) ?? row.role}</Tag>,
      exportValue: (row) => roleTitle.get(row.role) ?? row.role,
    },
    { key: 'scopeCode', title: l('所属区划', 'Region'), render: (_, row) => <RegionName code={row.scopeCode} /> },
    {
      key: 'status',
      title: l('状态', 'Status'),
      render: (_, row) => (
        <Space size={4} wrap>
          {row.active ? <Tag color="success">{l('正常', 'Active')}</Tag> : <Tag>{l('已停用', 'Inactive')}</Tag>}
          {row.lockedUntil && new Date(row.lockedUntil) > new Date() ? <Tag color="error">{l('已锁定', 'Locked')}</Tag> : null}
          {row.mustChangePassword ? <Tag color="warning">{l('待改密', 'Must change password')}</Tag> : null}
        </Space>
      ),
      exportValue: (row) => (row.active ? l('正常', 'Active') : l('已停用', 'Inactive')),
    },
    {
      key: 'createdAt',
      title: l('创建时间', 'Created'),
      render: (_, row) => formatTime(row.createdAt, l.locale),
      exportValue: (row) => formatTime(row.createdAt, l.locale),
      defaultHidden: true,
    },
    ...(canManage
      ? [
          {
            key: 'actions',
            title: l('操作', 'Actions'),
            fixed: 'right' as const,
            exportValue: () => null,
            render: (_: unknown, row: UserRow) => (
              <Space size={0} wrap>
                <Button type="link" size="small" onClick={() => setEditing(row)}>
                  {l('编辑', 'Edit')}
                </Button>
                <Button
                  type="link"
                  size="small"
                  danger
                  onClick={() =>
                    confirm({
                      danger: true,
                      title: l(`重置“${row.displayName}”的密码？`, `Reset ${row.displayName}'s password?`),
                      content: l('将生成新的一次性密码，该用户所有设备上的登录会被结束。', 'A new one-time password is generated and all their sessions end.'),
                      okText: l('重置密码', 'Reset password'),
                      onOk: async () => {
                        try {
                          const result = await reset.mutateAsync({ id: row.id });
                          setOneTime({ username: row.username, password: result.oneTimePassword });
                          await refresh();
                        } catch (error) {
                          message.error(describeError(error, l.locale).message);
                        }
                      },
                    })
                  }
                >
                  {l('重置密码', 'Reset password')}
                </Button>
                <Button
                  type="link"
                  size="small"
                  onClick={() =>
                    confirm({
                      title: l(`重置“${row.displayName}”的双因素登录？`, `Reset ${row.displayName}'s two-factor sign-in?`),
                      content: l(
                        '用于手机丢失或更换：移除其身份验证器并结束其所有登录，下次登录时重新绑定。',
                        'For a lost or new phone: removes their authenticator and ends their sessions; they set up a new one at next sign-in.',
                      ),
                      okText: l('重置', 'Reset'),
                      onOk: async () => {
                        try {
                          await resetTotp.mutateAsync({ id: row.id });
                          message.success(l('已重置双因素登录', 'Two-factor sign-in reset'));
                        } catch (error) {
                          message.error(describeError(error, l.locale).message);
                        }
                      },
                    })
                  }
                >
                  {l('重置双因素', 'Reset 2FA')}
                </Button>
                {row.lockedUntil && new Date(row.lockedUntil) > new Date() ? (
                  <Button
                    type="link"
                    size="small"
                    onClick={() =>
                      void unlock
                        .mutateAsync({ id: row.id })
                        .then(() => message.success(l('已解锁', 'Unlocked')))
                        .then(refresh)
                        .catch((error: unknown) => message.error(describeError(error, l.locale).message))
                    }
                  >
                    {l('解锁', 'Unlock')}
                  </Button>
                ) : null}
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <div>
      <h1 className="zx-page-title">{l('用户与角色', 'Users & roles')}</h1>
      {shell.hasPermission('core.security.manage') ? <SecurityPolicyCard /> : null}
      <DataTable<UserRow>
        tableId="users"
        exportName={l('用户列表', 'users')}
        columns={columns}
        rows={list.data?.rows}
        total={list.data?.total}
        loading={list.isFetching}
        error={list.error}
        onRetry={() => void list.refetch()}
        params={params}
        onParamsChange={setParams}
        rowKey="id"
        fetchAll={async () => {
          const rows: UserRow[] = [];
          for (let page = 1; page <= 50; page += 1) {
            const result = await trpcClient.users.list.query({ ...input, page, pageSize: 200 });
            rows.push(...result.rows);
            if (rows.length >= result.total || result.rows.length === 0) break;
          }
          return rows;
        }}
        toolbar={
          <>
            <Input.Search
              allowClear
              placeholder={l('搜索用户名或姓名', 'Search username or name')}
              style={{ width: 240 }}
              onSearch={(value) => {
                setSearch(value.trim());
                patch({});
              }}
            />
            {canManage ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="user-create">
                {l('新建用户', 'New user')}
              </Button>
            ) : null}
          </>
        }
      />
      <UserForm
        editing={editing}
        roles={roles.data ?? []}
        onClose={() => setEditing(null)}
        onCreated={(username, password) => password && setOneTime({ username, password })}
        onSaved={() => void refresh()}
      />
      <OneTimePasswordModal value={oneTime?.password ?? null} username={oneTime?.username ?? ''} onClose={() => setOneTime(null)} />
    </div>
  );
}

type Role = RouterOutputs['users']['roles'][number];

function UserForm({
  editing,
  roles,
  onClose,
  onCreated,
  onSaved,
}: {
  editing: UserRow | 'new' | null;
  roles: readonly Role[];
  onClose: () => void;
  onCreated: (username: string, password: string | null) => void;
  onSaved: () => void;
}) {
  const l = useL();
  const shell = useShell();
  const trpc = useTRPC();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const isNew = editing === 'new';
  const create = useMutation(trpc.users.create.mutationOptions());
  const update = useMutation(trpc.users.update.mutationOptions());
  const pending = create.isPending || update.isPending;

  const submit = async () => {
    // Invalid fields are already marked by the form; nothing else to say.
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setError(null);
    try {
      if (isNew) {
        const result = await create.mutateAsync({ ...values, password: values.password || undefined });
        message.success(l('用户已创建', 'User created'));
        onClose();
        onCreated(result.user.username, result.oneTimePassword);
      } else if (editing) {
        await update.mutateAsync({ id: editing.id, ...values });
        message.success(l('已保存', 'Saved'));
        onClose();
      }
      onSaved();
    } catch (failure) {
      setError(failure);
      applyFieldErrors(form, failure, l.locale);
    }
  };

  return (
    <Modal
      open={editing !== null}
      title={isNew ? l('新建用户', 'New user') : l('编辑用户', 'Edit user')}
      okText={l('保存', 'Save')}
      cancelText={l('取消', 'Cancel')}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={pending}
      destroyOnHidden
      afterClose={() => setError(null)}
    >
      <Form
        key={editing === null ? 'closed' : editing === 'new' ? 'new' : editing.id}
        form={form}
        layout="vertical"
        preserve={false}
        data-testid="user-form"
        initialValues={
          editing && editing !== 'new'
            ? { displayName: editing.displayName, role: editing.role, scopeCode: editing.scopeCode, active: editing.active }
            : { scopeCode: shell.region.code }
        }
      >
        {isNew ? (
          <Form.Item
            name="username"
            label={l('用户名', 'Username')}
            rules={[{ required: true, pattern: /^[a-zA-Z0-9_.-]{3,64}$/, message: l('3–64 位字母、数字、_ . -', '3–64 letters, digits, _ . -') }]}
          >
            <Input autoComplete="off" />
          </Form.Item>
        ) : null}
        <Form.Item name="displayName" label={l('姓名', 'Name')} rules={[{ required: true, whitespace: true, max: 64 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="role" label={l('角色', 'Role')} rules={[{ required: true }]}>
          <Select options={roles.map((role) => ({ value: role.role, label: l.text(role.title), disabled: !role.grantable }))} />
        </Form.Item>
        <Form.Item name="scopeCode" label={l('所属区划', 'Region')} rules={[{ required: true }]}>
          <ScopeField />
        </Form.Item>
        {isNew ? (
          <Form.Item
            name="password"
            label={l('初始密码（可留空）', 'Initial password (optional)')}
            extra={l('留空则生成一次性密码，仅显示一次。', 'Leave empty to generate a one-time password, shown once.')}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        ) : (
          <Form.Item name="active" label={l('账号启用', 'Active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
        {error ? <ErrorMessage error={error} /> : null}
      </Form>
    </Modal>
  );
}

function ScopeField({ value, onChange }: { value?: string; onChange?: (value: string) => void }) {
  return (
    <Tooltip title={value}>
      <RegionPicker value={value} onChange={(code) => onChange?.(code)} style={{ width: '100%' }} />
    </Tooltip>
  );
}

/** The province's security policy, for its security administrator (三员分立). */
function SecurityPolicyCard() {
  const l = useL();
  const trpc = useTRPC();
  const { message } = App.useApp();
  const policy = useQuery(trpc.security.policy.queryOptions());
  const update = useMutation(trpc.security.setPolicy.mutationOptions());
  return (
    <Card size="small" title={l('安全策略', 'Security policy')} style={{ marginBottom: 16 }} data-testid="security-policy">
      <Space>
        <Switch
          checked={policy.data?.totpRequiredForAdmins ?? false}
          loading={policy.isLoading || update.isPending}
          data-testid="totp-policy"
          onChange={(checked) =>
            void update
              .mutateAsync({ totpRequiredForAdmins: checked })
              .then(() => policy.refetch())
              .then(() => message.success(l('已保存，管理员下次登录时生效', 'Saved; applies from each admin’s next sign-in')))
              .catch((error: unknown) => message.error(describeError(error, l.locale).message))
          }
        />
        <span>
          {l(
            '全省管理员必须使用双因素登录（身份验证器动态码，等保 2.0 三级要求）',
            'Every admin in the province must use two-factor sign-in (authenticator codes; MLPS 2.0 level 3)',
          )}
        </span>
      </Space>
    </Card>
  );
}
