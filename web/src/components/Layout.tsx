import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLiveState } from '../lib/live.js';
import { Link, useLocation } from '../lib/router.js';
import { useSession } from '../lib/session.js';
import { Badge } from './common.js';
import { LangSwitch } from './LangSwitch.js';

interface NavItem {
  readonly to: string;
  readonly label: string;
  readonly allowed: boolean;
}

export function Layout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { me, can, signOut } = useSession();
  const { path } = useLocation();
  const live = useLiveState();
  const items: NavItem[] = [
    { to: '/inbox', label: t('nav.inbox'), allowed: can('cases:read') || can('signals:read') },
    { to: '/entry', label: t('nav.entry'), allowed: can('signals:write') },
    { to: '/monitoring', label: t('nav.monitoring'), allowed: can('mentions:read') },
    { to: '/dashboard', label: t('nav.dashboard'), allowed: can('analytics:read') || can('cases:read') },
    { to: '/settings', label: t('nav.settings'), allowed: can('settings:read') },
  ];
  const active = (to: string) =>
    path === to ||
    path.startsWith(`${to}/`) ||
    (to === '/inbox' && (path.startsWith('/cases') || path === '/signals'));
  return (
    <>
      <a className="skip" href="#main">
        {t('app.skip')}
      </a>
      <header className="topbar">
        <div className="brand">
          <strong>{t('app.name')}</strong>
          <span className="muted">{t('app.tagline')}</span>
        </div>
        <nav aria-label={t('nav.main')} className="mainnav">
          {items
            .filter((i) => i.allowed)
            .map((i) => (
              <Link key={i.to} to={i.to} aria-current={active(i.to) ? 'page' : undefined}>
                {i.label}
              </Link>
            ))}
        </nav>
        <div className="topbar-end">
          <span className={`live live-${live}`} role="status" aria-live="polite">
            {live === 'live' ? t('app.live') : live === 'connecting' ? t('app.offline') : ''}
          </span>
          {me?.user?.isDemo && <Badge tone="info">{t('app.demo')}</Badge>}
          <LangSwitch />
          {me?.user && (
            <span
              className="user"
              data-content
              title={t('nav.user', { name: me.user.displayName || me.user.login })}
            >
              {me.user.displayName || me.user.login}
            </span>
          )}
          <button type="button" className="secondary" onClick={() => void signOut()}>
            {t('nav.signOut')}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
