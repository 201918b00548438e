import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote, Loading } from '../../components/common.js';
import { api } from '../../lib/api.js';
import { Link } from '../../lib/router.js';
import { CalendarSection } from './Calendar.js';
import { OrganisationsSection } from './Organisations.js';
import { ExecutorsSection } from './People.js';
import { RoutingSection } from './Routing.js';
import { ChannelsSection } from './Sections.js';
import { TemplatesSection } from './Templates.js';

const SECTIONS = ['organisations', 'executors', 'routing', 'templates', 'calendar', 'channels'] as const;
type Section = (typeof SECTIONS)[number];

/** Loads one settings list; `null` while loading. */
export function useItems<T>(path: string | null): { items: T[] | null; error: unknown; reload: () => void } {
  const [items, setItems] = useState<T[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: tick asks for a reload
  useEffect(() => {
    if (!path) return;
    let live = true;
    setItems(null);
    api<{ items: T[] }>(path).then(
      (r) => live && setItems(r.items),
      (err: unknown) => live && setError(err),
    );
    return () => {
      live = false;
    };
  }, [path, tick]);
  return { items, error, reload: () => setTick((n) => n + 1) };
}

export function ItemsState({ error, loading }: { error: unknown; loading: boolean }) {
  if (error) return <ErrorNote error={error} />;
  return loading ? <Loading /> : null;
}

/** The region's settings for admins: organisations, executors, routing, templates, calendar, channels. */
export default function Settings({ section }: { section: string | undefined }) {
  const { t } = useTranslation();
  const current: Section = (SECTIONS as readonly string[]).includes(section ?? '')
    ? (section as Section)
    : 'organisations';
  return (
    <div className="settings">
      <h1>{t('settings.title')}</h1>
      <nav aria-label={t('settings.sections')} className="tabs">
        {SECTIONS.map((s) => (
          <Link key={s} to={`/settings/${s}`} aria-current={s === current ? 'page' : undefined}>
            {t(`settings.${s}`)}
          </Link>
        ))}
      </nav>
      {current === 'organisations' && <OrganisationsSection />}
      {current === 'executors' && <ExecutorsSection />}
      {current === 'routing' && <RoutingSection />}
      {current === 'templates' && <TemplatesSection />}
      {current === 'calendar' && <CalendarSection />}
      {current === 'channels' && <ChannelsSection />}
    </div>
  );
}
