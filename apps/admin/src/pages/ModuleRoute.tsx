import { Button } from 'antd';
import {
  ErrorBoundary,
  ForbiddenState,
  LoadingState,
  ModuleNotEnabled,
  NotFoundState,
  QueryState,
  useL,
  useShell,
  type AnyWebPlugin,
  type WebRoute,
} from '@zhenxing/ui';
import { lazy, Suspense, useMemo, type ComponentType, type LazyExoticComponent } from 'react';
import { Link, Route, Routes, useLocation, useParams } from 'react-router';
import { useModules } from '../shell/modules.ts';
import { webPluginFor } from '../web-plugins.ts';
import { GenericModulePage } from './GenericModulePage.tsx';

// One lazy component per route loader, created once (React.lazy must not be re-created per render).
const lazyPages = new WeakMap<WebRoute, LazyExoticComponent<ComponentType>>();
function pageFor(route: WebRoute) {
  let page = lazyPages.get(route);
  if (!page) {
    page = lazy(route.load);
    lazyPages.set(route, page);
  }
  return page;
}

/**
 * `/<module id>/*`: the module must be installed, the user must hold a permission in it, and the
 * selected region must have it enabled; otherwise a clear page says which of these is missing.
 * Then the web plugin's routes render (lazily), each behind its own permission.
 */
export default function ModuleRoute() {
  const { moduleId = '' } = useParams();
  const modules = useModules();
  const l = useL();
  const shell = useShell();

  return (
    <QueryState query={modules}>
      {(list) => {
        const module = list.find((item) => item.id === moduleId);
        if (!module)
          return (
            <NotFoundState
              action={
                <Link to="/">
                  <Button type="primary">{l('返回工作台', 'Back to dashboard')}</Button>
                </Link>
              }
            />
          );
        if (module.permissions.length === 0)
          return <ForbiddenState message={l(`您没有“${l.text(module.title)}”模块的权限。`, `You have no permission in “${l.text(module.title)}”.`)} />;
        if (!module.enabled) {
          return (
            <ModuleNotEnabled
              moduleTitle={l.text(module.title)}
              regionName={shell.region.name || shell.region.code}
              manageAction={
                shell.hasPermission('core.modules.manage') && shell.region.countyCode ? (
                  <Link to="/modules">
                    <Button type="primary">{l('前往模块管理', 'Open module settings')}</Button>
                  </Link>
                ) : (
                  <Link to="/">
                    <Button>{l('返回工作台', 'Back to dashboard')}</Button>
                  </Link>
                )
              }
            />
          );
        }
        const web = webPluginFor(module.id);
        if (!web) return <GenericModulePage module={module} />;
        return <PluginRoutes web={web} permissions={module.permissions} />;
      }}
    </QueryState>
  );
}

function PluginRoutes({ web, permissions }: { web: AnyWebPlugin; permissions: readonly string[] }) {
  const l = useL();
  const location = useLocation();
  const routes = useMemo(() => web.routes, [web]);
  return (
    <ErrorBoundary locale={l.locale} resetKey={location.pathname}>
      <Suspense fallback={<LoadingState />}>
        <Routes>
          {routes.map((route) => {
            const Page = pageFor(route);
            const allowed = !route.permission || permissions.includes(`${web.id}.${route.permission}`);
            const element = allowed ? <Page /> : <ForbiddenState />;
            return route.path === '' ? <Route key="index" index element={element} /> : <Route key={route.path} path={route.path} element={element} />;
          })}
          <Route path="*" element={<NotFoundState />} />
        </Routes>
      </Suspense>
    </ErrorBoundary>
  );
}
