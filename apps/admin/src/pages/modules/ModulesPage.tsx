import { SettingOutlined } from '@ant-design/icons';
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { describeError, EmptyState, QueryState, useConfirm, useL, useRegionsApi, useShell, type RegionNode } from '@zhenxing/ui';
import { Alert, App, Button, Card, Col, Drawer, Form, Modal, Radio, Row, Space, Switch, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useModules } from '../../shell/modules.ts';
import { useTRPC, type ModuleInfo } from '../../trpc.ts';
import { SettingsForm } from './SettingsForm.tsx';

export default function ModulesPage() {
  const l = useL();
  const shell = useShell();
  const countyLevel = shell.region.countyCode !== null;
  const canPolicy = shell.hasPermission('core.modules.policy');
  const tabs = [
    {
      key: 'modules',
      label: countyLevel ? l('本县（区）模块', 'County modules') : l('模块概览', 'Overview'),
      children: countyLevel ? <CountyModules countyCode={shell.region.countyCode as string} /> : <ModuleOverview />,
    },
    ...(countyLevel ? [] : [{ key: 'matrix', label: l('各县启用情况', 'By county'), children: <ModuleMatrix /> }]),
    ...(canPolicy ? [{ key: 'policy', label: l('全省策略', 'Province policy'), children: <ProvincePolicy /> }] : []),
  ];
  return (
    <div>
      <h1 className="zx-page-title">{l('模块管理', 'Module settings')}</h1>
      <Tabs key={countyLevel ? 'county' : 'above'} items={tabs} destroyOnHidden />
    </div>
  );
}

function ModuleTitle({ module }: { module: ModuleInfo }) {
  const l = useL();
  return (
    <Space wrap size={4}>
      <span>{l.text(module.title)}</span>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {module.id} · v{module.version}
      </Typography.Text>
    </Space>
  );
}

/** County admin: switch modules on and off (with a confirmation) and edit their settings. */
function CountyModules({ countyCode }: { countyCode: string }) {
  const l = useL();
  const trpc = useTRPC();
  const shell = useShell();
  const queryClient = useQueryClient();
  const modules = useModules();
  const confirm = useConfirm();
  const { message } = App.useApp();
  const [editing, setEditing] = useState<ModuleInfo | null>(null);
  const canManage = shell.hasPermission('core.modules.manage');
  const setEnabled = useMutation(trpc.modules.setEnabled.mutationOptions());
  const titles = useMemo(() => new Map((modules.data ?? []).map((module) => [module.id, l.text(module.title)])), [modules.data, l]);

  const toggle = (module: ModuleInfo, enabled: boolean) => {
    const title = l.text(module.title);
    confirm({
      danger: !enabled,
      title: enabled ? l(`启用“${title}”模块？`, `Enable “${title}”?`) : l(`停用“${title}”模块？`, `Disable “${title}”?`),
      content: enabled
        ? l(
            `启用后，${shell.region.name}有权限的用户将在菜单中看到此模块，其定时任务开始运行。`,
            `Users of ${shell.region.name} with permissions will see it in the menu; its scheduled jobs start.`,
          )
        : l(
            `停用后，此模块的菜单和页面对${shell.region.name}隐藏，定时任务停止。已有数据不会删除，重新启用即可恢复。`,
            `Its menu and pages are hidden for ${shell.region.name} and its jobs stop. No data is deleted; enabling it again restores everything.`,
          ),
      okText: enabled ? l('启用', 'Enable') : l('停用', 'Disable'),
      onOk: async () => {
        try {
          await setEnabled.mutateAsync({ countyCode, pluginId: module.id, enabled });
          message.success(enabled ? l(`已启用“${title}”`, `“${title}” enabled`) : l(`已停用“${title}”`, `“${title}” disabled`));
        } catch (error) {
          message.error(describeError(error, l.locale).message);
        } finally {
          await queryClient.invalidateQueries({ queryKey: trpc.modules.pathKey() });
        }
      },
    });
  };

  return (
    <QueryState
      query={modules}
      isEmpty={(list) => list.length === 0}
      empty={<EmptyState description={l('服务器尚未安装任何业务模块。', 'No modules are installed on the server.')} />}
    >
      {(list) => (
        <>
          {canManage ? null : (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 16 }}
              title={l('只有县级管理员可以启用、停用模块或修改设置。', 'Only county admins can switch modules or change settings.')}
            />
          )}
          <Row gutter={[16, 16]}>
            {list.map((module) => (
              <Col key={module.id} xs={24} md={12} xl={8}>
                <Card
                  data-testid={`module-card-${module.id}`}
                  title={<ModuleTitle module={module} />}
                  extra={
                    <Tooltip title={module.required ? l('省级必选模块，不能停用', 'Required by the province') : undefined}>
                      <Switch
                        data-testid={`module-switch-${module.id}`}
                        checked={module.enabled}
                        disabled={!canManage || (module.required && module.enabled)}
                        loading={setEnabled.isPending && setEnabled.variables?.pluginId === module.id}
                        checkedChildren={l('启用', 'On')}
                        unCheckedChildren={l('停用', 'Off')}
                        onChange={(checked) => toggle(module, checked)}
                      />
                    </Tooltip>
                  }
                  actions={[
                    <Button
                      key="settings"
                      type="link"
                      icon={<SettingOutlined />}
                      disabled={!module.enabled}
                      onClick={() => setEditing(module)}
                      data-testid={`module-settings-${module.id}`}
                    >
                      {canManage ? l('参数设置', 'Settings') : l('查看设置', 'View settings')}
                    </Button>,
                  ]}
                >
                  <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ minHeight: 44 }}>
                    {module.description ? l.text(module.description) : l('暂无说明', 'No description')}
                  </Typography.Paragraph>
                  <Space wrap size={[4, 4]}>
                    {module.enabled ? <Tag color="success">{l('已启用', 'Enabled')}</Tag> : <Tag>{l('未启用', 'Disabled')}</Tag>}
                    {module.required ? <Tag color="gold">{l('省级必选', 'Required')}</Tag> : null}
                    {module.dependsOn.map((dependency) => (
                      <Tag key={dependency} color="blue">
                        {l('依赖：', 'Needs: ')}
                        {titles.get(dependency) ?? dependency}
                      </Tag>
                    ))}
                  </Space>
                </Card>
              </Col>
            ))}
          </Row>
          <Drawer
            open={editing !== null}
            onClose={() => setEditing(null)}
            title={editing ? l(`“${l.text(editing.title)}”参数设置 · ${shell.region.name}`, `${l.text(editing.title)} settings · ${shell.region.name}`) : ''}
            size={520}
            destroyOnHidden
          >
            {editing ? (
              <SettingsForm
                module={list.find((module) => module.id === editing.id) ?? editing}
                countyCode={countyCode}
                readOnly={!canManage}
                onSaved={() => setEditing(null)}
              />
            ) : null}
          </Drawer>
        </>
      )}
    </QueryState>
  );
}

/** Above county level: how many counties use each module. */
function ModuleOverview() {
  const l = useL();
  const modules = useModules();
  return (
    <QueryState query={modules} isEmpty={(list) => list.length === 0}>
      {(list) => (
        <Table
          rowKey="id"
          dataSource={list}
          pagination={false}
          scroll={{ x: 'max-content' }}
          columns={[
            { key: 'title', title: l('模块', 'Module'), render: (_, module) => <ModuleTitle module={module} /> },
            {
              key: 'counties',
              title: l('已启用县（区）', 'Counties enabled'),
              render: (_, module) => (
                <span>
                  {module.countiesEnabled} / {module.countiesTotal}
                </span>
              ),
            },
            {
              key: 'required',
              title: l('省级必选', 'Required'),
              render: (_, module) => (module.required ? <Tag color="gold">{l('是', 'Yes')}</Tag> : <Tag>{l('否', 'No')}</Tag>),
            },
          ]}
        />
      )}
    </QueryState>
  );
}

/** Names of the counties under a province or city (matrix rows), via regions.children. */
function useCountyNames(regionCode: string) {
  const api = useRegionsApi();
  const top = useQuery({ ...api.regions.children.queryOptions({ code: regionCode }), staleTime: 10 * 60_000 });
  const cities = useMemo(() => (regionCode.length === 2 ? (top.data ?? []) : []), [regionCode, top.data]);
  const below = useQueries({ queries: cities.map((city) => ({ ...api.regions.children.queryOptions({ code: city.code }), staleTime: 10 * 60_000 })) });
  return useMemo(() => {
    const names = new Map<string, RegionNode & { city?: string }>();
    if (regionCode.length === 4) for (const county of top.data ?? []) names.set(county.code, county);
    cities.forEach((city, index) => {
      for (const county of below[index]?.data ?? []) names.set(county.code, { ...county, city: city.name });
    });
    return names;
  }, [regionCode, top.data, cities, below]);
}

/** Province / city: a county × module matrix of what is enabled. */
function ModuleMatrix() {
  const l = useL();
  const trpc = useTRPC();
  const shell = useShell();
  const matrix = useQuery(trpc.modules.matrix.queryOptions({ regionCode: shell.region.code }));
  const names = useCountyNames(shell.region.code);
  return (
    <QueryState
      query={matrix}
      isEmpty={(data) => data.modules.length === 0}
      empty={<EmptyState description={l('服务器尚未安装任何业务模块。', 'No modules are installed.')} />}
    >
      {(data) => (
        <Table
          data-testid="module-matrix"
          rowKey="countyCode"
          size="small"
          dataSource={data.counties}
          scroll={{ x: 'max-content' }}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          columns={[
            {
              key: 'county',
              title: l('县（区）', 'County'),
              fixed: 'left',
              render: (_, row) => {
                const county = names.get(row.countyCode);
                return (
                  <Space orientation="vertical" size={0}>
                    <span>{county?.name ?? row.countyCode}</span>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {county?.city ? `${county.city} · ` : ''}
                      {row.countyCode}
                    </Typography.Text>
                  </Space>
                );
              },
            },
            ...data.modules.map((module) => ({
              key: module.id,
              title: l.text(module.title),
              align: 'center' as const,
              render: (_: unknown, row: (typeof data.counties)[number]) => {
                const state = row.states[module.id];
                if (!state) return '—';
                if (state.required) return <Tag color="gold">{l('必选', 'Required')}</Tag>;
                return state.enabled ? <Tag color="success">{l('启用', 'On')}</Tag> : <Tag>{l('未启用', 'Off')}</Tag>;
              },
            })),
          ]}
        />
      )}
    </QueryState>
  );
}

/** Province admin: which modules start enabled in every county, and which are required. */
function ProvincePolicy() {
  const l = useL();
  const trpc = useTRPC();
  const shell = useShell();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const province = shell.user.scopeCode.slice(0, 2);
  const modules = useQuery(trpc.modules.list.queryOptions({ regionCode: province }));
  const [editing, setEditing] = useState<ModuleInfo | null>(null);
  const [form] = Form.useForm<{ enabledByDefault: boolean; required: boolean }>();
  const setPolicy = useMutation(
    trpc.modules.setPolicy.mutationOptions({
      onSuccess: async () => {
        message.success(l('全省策略已保存', 'Province policy saved'));
        setEditing(null);
        await queryClient.invalidateQueries({ queryKey: trpc.modules.pathKey() });
      },
      onError: (error) => message.error(describeError(error, l.locale).message),
    }),
  );
  return (
    <QueryState query={modules} isEmpty={(list) => list.length === 0}>
      {(list) => (
        <>
          <Table
            rowKey="id"
            dataSource={list}
            pagination={false}
            scroll={{ x: 'max-content' }}
            columns={[
              { key: 'title', title: l('模块', 'Module'), render: (_, module) => <ModuleTitle module={module} /> },
              { key: 'counties', title: l('已启用县（区）', 'Counties enabled'), render: (_, module) => `${module.countiesEnabled} / ${module.countiesTotal}` },
              {
                key: 'required',
                title: l('全省必选', 'Required'),
                render: (_, module) => (module.required ? <Tag color="gold">{l('必选', 'Required')}</Tag> : <Tag>{l('可选', 'Optional')}</Tag>),
              },
              {
                key: 'action',
                title: l('操作', 'Action'),
                render: (_, module) => (
                  <Button
                    type="link"
                    onClick={() => {
                      form.setFieldsValue({ required: module.required, enabledByDefault: module.required ? true : undefined });
                      setEditing(module);
                    }}
                  >
                    {l('设置策略', 'Set policy')}
                  </Button>
                ),
              },
            ]}
          />
          <Modal
            open={editing !== null}
            title={editing ? l(`全省策略：${l.text(editing.title)}`, `Province policy: ${l.text(editing.title)}`) : ''}
            okText={l('保存', 'Save')}
            cancelText={l('取消', 'Cancel')}
            confirmLoading={setPolicy.isPending}
            onCancel={() => setEditing(null)}
            onOk={() =>
              void form
                .validateFields()
                .then((values) => editing && setPolicy.mutate({ pluginId: editing.id, ...values }))
                .catch(() => undefined)
            }
            forceRender
          >
            <Form form={form} layout="vertical">
              <Form.Item
                name="enabledByDefault"
                label={l('新县（区）默认启用', 'Enabled by default')}
                rules={[{ required: true, message: l('请选择', 'Choose one') }]}
                extra={l('县（区）未自行设置时采用此默认值。', 'Applies to counties that have not chosen themselves.')}
              >
                <Radio.Group
                  options={[
                    { value: true, label: l('默认启用', 'Enabled') },
                    { value: false, label: l('默认不启用', 'Disabled') },
                  ]}
                />
              </Form.Item>
              <Form.Item
                name="required"
                label={l('全省必选', 'Required in every county')}
                valuePropName="checked"
                extra={l('必选模块在所有县（区）启用且不能停用。', 'A required module is on in every county and cannot be disabled.')}
              >
                <Switch />
              </Form.Item>
            </Form>
          </Modal>
        </>
      )}
    </QueryState>
  );
}
