import { GlobalOutlined, LogoutOutlined, MenuFoldOutlined, MenuOutlined, MenuUnfoldOutlined, UserOutlined } from '@ant-design/icons';
import {
  ErrorBoundary,
  isWithinRegion,
  LoadingState,
  OfflineProvider,
  OfflineSyncStatus,
  RegionPicker,
  ShellContext,
  countyOf,
  useL,
  useRegionInfo,
  useOfflineStatus,
  useShell,
  type ShellContextValue,
} from '@zhenxing/ui';
import { App, Avatar, Breadcrumb, Button, Drawer, Dropdown, Grid, Layout, Menu, Tooltip } from 'antd';
import { Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useSession } from '../session.tsx';
import { trpcClient, type SessionInfo } from '../trpc.ts';
import { webPlugins } from '../web-plugins.ts';
import { buildMenu, selectedKey } from './nav.tsx';
import { ExtensionsProvider } from './extensions.tsx';
import { useModules } from './modules.ts';

function regionStorageKey(userId: number) {
  return `zx.region.${userId}`;
}

function initialRegion(user: SessionInfo['user']): string {
  try {
    const stored = localStorage.getItem(regionStorageKey(user.id));
    // Never trust storage beyond the user's scope (the server would refuse it anyway).
    if (stored && /^\d+$/.test(stored) && isWithinRegion(stored, user.scopeCode)) return stored;
  } catch {
    /* ignore */
  }
  return user.scopeCode;
}

/** Every installed plugin's offline mutation kinds, handed to the shell's outbox. */
const outboxKinds = webPlugins.flatMap((plugin) => plugin.outbox ?? []);

export function Shell() {
  const { session, sessionOffline } = useSession();
  const user = (session as SessionInfo).user;
  return (
    <OfflineProvider userId={user.id} kinds={outboxKinds} client={trpcClient} canSync={!sessionOffline}>
      <SignedInShell user={user} />
    </OfflineProvider>
  );
}

function SignedInShell({ user }: { user: SessionInfo['user'] }) {
  const { locale, setLocale } = useSession();
  const [regionCode, setRegionCode] = useState(() => initialRegion(user));
  const regionInfo = useRegionInfo(regionCode);

  useEffect(() => {
    if (!isWithinRegion(regionCode, user.scopeCode)) setRegionCode(user.scopeCode);
  }, [regionCode, user.scopeCode]);

  const setRegion = useCallback(
    (code: string) => {
      if (!isWithinRegion(code, user.scopeCode)) return;
      setRegionCode(code);
      try {
        localStorage.setItem(regionStorageKey(user.id), code);
      } catch {
        /* ignore */
      }
    },
    [user],
  );

  const permissions = useMemo(() => new Set(user.permissions), [user.permissions]);
  const value = useMemo<ShellContextValue>(
    () => ({
      user,
      locale,
      setLocale,
      region: { code: regionCode, name: regionInfo.data?.name ?? '', countyCode: countyOf(regionCode) },
      setRegion,
      hasPermission: (permission) => permissions.has(permission),
    }),
    [user, locale, setLocale, regionCode, regionInfo.data, setRegion, permissions],
  );

  return (
    <ShellContext.Provider value={value}>
      <ExtensionsProvider>
        <ShellLayout path={regionInfo.data?.path ?? []} />
      </ExtensionsProvider>
    </ShellContext.Provider>
  );
}

function ShellLayout({ path }: { path: { code: string; name: string }[] }) {
  const l = useL();
  const { session, signOut, setLocale, locale } = useSession();
  const user = (session as SessionInfo).user;
  const screens = Grid.useBreakpoint();
  const mobile = screens.md === false;
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const location = useLocation();
  const navigate = useNavigate();
  const modules = useModules();
  const { region, setRegion } = useShell();
  const regionCode = region.code;
  const outbox = useOfflineStatus();
  const { modal } = App.useApp();

  const leave = () => void signOut().then(() => navigate('/login'));
  // Signing out wipes this device's offline store: unsent records would be lost, so ask first.
  const confirmSignOut = () => {
    const unsent = outbox.items.length;
    if (unsent === 0) return leave();
    modal.confirm({
      title: l('还有未同步的记录', 'Some records are not sent yet'),
      content: l(
        `本机还有 ${unsent} 条记录没有同步到服务器。退出登录会从本机删除它们，且无法恢复。建议联网同步后再退出。`,
        `${unsent} record(s) on this device have not reached the server. Signing out deletes them from this device for good. Sync first if you can.`,
      ),
      okText: l('仍然退出并删除', 'Sign out and delete them'),
      okButtonProps: { danger: true },
      cancelText: l('取消', 'Cancel'),
      onOk: leave,
    });
  };

  const items = useMemo(() => buildMenu({ modules: modules.data, permissions: user.permissions, l }), [modules.data, user.permissions, l]);
  const selected = selectedKey(location.pathname, items);

  useEffect(() => setDrawerOpen(false), [location.pathname]);
  useEffect(() => {
    const title = l('振兴 · 乡村振兴综合管理平台', 'Zhenxing · Rural Revitalization');
    document.title = title;
  }, [l]);

  const menu = (
    <Menu
      theme="dark"
      mode="inline"
      items={items}
      selectedKeys={[selected]}
      defaultOpenKeys={items.flatMap((item) => (item && 'children' in item && item.key && String(item.key).startsWith('module:') ? [String(item.key)] : []))}
      onClick={({ key }) => {
        if (key.startsWith('/')) navigate(key);
      }}
      data-testid="main-menu"
    />
  );
  const logo = (
    <div className="zx-logo">
      <span className="zx-logo-mark">振</span>
      {collapsed && !mobile ? null : <span>{l('乡村振兴管理平台', 'Zhenxing Admin')}</span>}
    </div>
  );

  const breadcrumb = (
    <Breadcrumb
      data-testid="region-breadcrumb"
      items={path.map((node) => ({
        key: node.code,
        title: isWithinRegion(node.code, user.scopeCode) && node.code !== regionCode ? <a onClick={() => setRegion(node.code)}>{node.name}</a> : node.name,
      }))}
    />
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {mobile ? (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={256}
          styles={{ body: { padding: 0, background: '#0f2a4f' }, header: { display: 'none' } }}
        >
          {logo}
          {menu}
        </Drawer>
      ) : (
        <Layout.Sider width={224} collapsible collapsed={collapsed} trigger={null} style={{ position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}>
          {logo}
          {menu}
        </Layout.Sider>
      )}
      <Layout style={{ minWidth: 0 }}>
        <Layout.Header className="zx-header">
          <Button
            type="text"
            aria-label={l('菜单', 'Menu')}
            data-testid="menu-toggle"
            icon={mobile ? <MenuOutlined /> : collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
            onClick={() => (mobile ? setDrawerOpen(true) : setCollapsed(!collapsed))}
          />
          {mobile ? null : breadcrumb}
          <div className="zx-header-spacer" />
          <OfflineSyncStatus compact={mobile} />
          <RegionPicker
            data-testid="region-switcher"
            value={regionCode}
            onChange={(code) => setRegion(code)}
            style={{ width: mobile ? 150 : 260, minWidth: 0 }}
          />
          <Tooltip title={l('Switch to English', '切换为中文')}>
            <Button data-testid="locale-switch" icon={<GlobalOutlined />} onClick={() => setLocale(locale === 'en' ? 'zh-CN' : 'en')}>
              {mobile ? null : locale === 'en' ? '中文' : 'English'}
            </Button>
          </Tooltip>
          <Dropdown
            trigger={['click']}
            menu={{
              items: [
                {
                  key: 'who',
                  label: (
                    <div style={{ lineHeight: 1.4 }}>
                      <div style={{ fontWeight: 600 }}>{user.displayName}</div>
                      <div style={{ color: 'rgba(0,0,0,0.45)' }}>
                        {l.text(user.roleTitle)} · {user.username}
                      </div>
                    </div>
                  ),
                  disabled: true,
                },
                { type: 'divider' },
                { key: 'profile', icon: <UserOutlined />, label: l('个人设置', 'My account'), onClick: () => navigate('/profile') },
                { key: 'logout', icon: <LogoutOutlined />, label: l('退出登录', 'Sign out'), onClick: confirmSignOut },
              ],
            }}
          >
            <Button type="text" data-testid="user-menu" style={{ paddingInline: 4 }}>
              <Avatar size="small" style={{ background: '#1d5fd1' }}>
                {user.displayName.replace(/^演示·/, '').slice(0, 1)}
              </Avatar>
              {mobile ? null : <span style={{ marginLeft: 6 }}>{user.displayName}</span>}
            </Button>
          </Dropdown>
        </Layout.Header>
        {mobile ? <div style={{ padding: '8px 12px 0' }}>{breadcrumb}</div> : null}
        <Layout.Content className="zx-content">
          <ErrorBoundary locale={l.locale} resetKey={location.pathname}>
            <Suspense fallback={<LoadingState />}>
              <Outlet />
            </Suspense>
          </ErrorBoundary>
        </Layout.Content>
        <Layout.Footer className="zx-footer">{l('振兴 · 乡村振兴综合管理平台', 'Zhenxing · Rural Revitalization Platform')}</Layout.Footer>
      </Layout>
    </Layout>
  );
}
