import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, theme } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { ErrorBoundary, LocaleContext, LoadingState, ZxTRPCProvider } from '@zhenxing/ui';
import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { SessionProvider, useSession } from './session.tsx';
import TotpRequiredPage from './pages/TotpEnrollment.tsx';
import { Shell } from './shell/Shell.tsx';
import { queryClient, trpcClient } from './trpc.ts';
import { SessionFailed } from './pages/SessionFailed.tsx';

const LoginPage = lazy(() => import('./pages/Login.tsx'));
const DashboardPage = lazy(() => import('./pages/Dashboard.tsx'));
const ModulesPage = lazy(() => import('./pages/modules/ModulesPage.tsx'));
const UsersPage = lazy(() => import('./pages/Users.tsx'));
const AuditPage = lazy(() => import('./pages/Audit.tsx'));
const ParametersPage = lazy(() => import('./pages/Parameters.tsx'));
const ProfilePage = lazy(() => import('./pages/Profile.tsx'));
const ModuleRoute = lazy(() => import('./pages/ModuleRoute.tsx'));

function Themed({ children }: { children: ReactNode }) {
  const { locale } = useSession();
  useEffect(() => {
    dayjs.locale(locale === 'en' ? 'en' : 'zh-cn');
  }, [locale]);
  return (
    <ConfigProvider
      locale={locale === 'en' ? enUS : zhCN}
      theme={{
        algorithm: theme.defaultAlgorithm,
        token: {
          colorPrimary: '#1d5fd1',
          borderRadius: 6,
          fontFamily: '-apple-system, BlinkMacSystemFont, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Segoe UI", Roboto, sans-serif',
        },
        components: {
          Layout: { siderBg: '#0f2a4f', headerBg: '#ffffff', headerPadding: '0 16px' },
          Menu: { darkItemBg: '#0f2a4f', darkSubMenuItemBg: '#0b2140' },
        },
      }}
    >
      <AntApp>
        <LocaleContext.Provider value={locale}>{children}</LocaleContext.Provider>
      </AntApp>
    </ConfigProvider>
  );
}

/** Signed out → /login (remembering where to return); loading → a spinner; failure → a message. */
function RequireSession({ children }: { children: ReactNode }) {
  const { session, sessionError } = useSession();
  const location = useLocation();
  if (session === undefined) return sessionError ? <SessionFailed /> : <LoadingState />;
  if (session === null) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  // A password-only session where the province requires a second factor sees nothing but enrolment.
  if (session.totpEnrollmentRequired) return <TotpRequiredPage />;
  return <>{children}</>;
}

function Routed() {
  const { locale } = useSession();
  const location = useLocation();
  return (
    <ErrorBoundary locale={locale} resetKey={location.pathname}>
      <Suspense fallback={<LoadingState />}>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route
            element={
              <RequireSession>
                <Shell />
              </RequireSession>
            }
          >
            <Route index element={<DashboardPage />} />
            <Route path="modules" element={<ModulesPage />} />
            <Route path="users" element={<UsersPage />} />
            <Route path="audit" element={<AuditPage />} />
            <Route path="parameters" element={<ParametersPage />} />
            <Route path="profile" element={<ProfilePage />} />
            <Route path=":moduleId/*" element={<ModuleRoute />} />
          </Route>
        </Routes>
      </Suspense>
    </ErrorBoundary>
  );
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <ZxTRPCProvider queryClient={queryClient} trpcClient={trpcClient}>
        <BrowserRouter>
          <SessionProvider>
            <Themed>
              <Routed />
            </Themed>
          </SessionProvider>
        </BrowserRouter>
      </ZxTRPCProvider>
    </QueryClientProvider>
  );
}
