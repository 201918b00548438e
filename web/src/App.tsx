import { lazy, type ReactNode, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading } from './components/common.js';
import { Layout } from './components/Layout.js';
import { LiveProvider } from './lib/live.js';
import { ReferenceProvider } from './lib/reference.js';
import { matchPath, navigate, useLocation } from './lib/router.js';
import { SessionProvider, useSession } from './lib/session.js';
import { Inbox } from './screens/inbox/Inbox.js';
import { Login } from './screens/Login.js';

const CasePage = lazy(() => import('./screens/case/CasePage.js'));
const Entry = lazy(() => import('./screens/entry/Entry.js'));
const Monitoring = lazy(() => import('./screens/monitoring/Monitoring.js'));
const Dashboard = lazy(() => import('./screens/dashboard/Dashboard.js'));
const Settings = lazy(() => import('./screens/settings/Settings.js'));

function NotAllowed() {
  const { t } = useTranslation();
  return <p className="note">{t('app.notAllowed')}</p>;
}

function Screen() {
  const { path } = useLocation();
  const { can } = useSession();
  const guard = (ok: boolean, el: ReactNode) => (ok ? el : <NotAllowed />);
  const caseMatch = matchPath('/cases/:id', path);
  if (caseMatch) return guard(can('cases:read'), <CasePage id={Number(caseMatch.id)} />);
  if (path === '/inbox' || path === '/signals')
    return guard(
      can('cases:read') || can('signals:read'),
      <Inbox tab={path === '/signals' ? 'signals' : 'cases'} />,
    );
  if (path === '/entry') return guard(can('signals:write'), <Entry />);
  if (path === '/monitoring') return guard(can('mentions:read'), <Monitoring />);
  if (path === '/dashboard') return guard(can('analytics:read') || can('cases:read'), <Dashboard />);
  const settings = matchPath('/settings/:section', path);
  if (path === '/settings' || settings)
    return guard(can('settings:read'), <Settings section={settings?.section} />);
  return <Home />;
}

/** `/` and `/login` lead to the first screen the role may use. */
function Home() {
  const { can } = useSession();
  useEffect(() => {
    const first = can('cases:read')
      ? '/inbox'
      : can('mentions:read')
        ? '/monitoring'
        : can('analytics:read')
          ? '/dashboard'
          : can('settings:read')
            ? '/settings'
            : '/inbox';
    navigate(first + window.location.search, { replace: true });
  }, [can]);
  return <Loading />;
}

function Gate() {
  const { me, loading } = useSession();
  if (loading) return <Loading />;
  if (!me) return <Login />;
  return (
    <ReferenceProvider>
      <LiveProvider enabled>
        <Layout>
          <Suspense fallback={<Loading />}>
            <Screen />
          </Suspense>
        </Layout>
      </LiveProvider>
    </ReferenceProvider>
  );
}

export function App() {
  return (
    <SessionProvider>
      <Gate />
    </SessionProvider>
  );
}
