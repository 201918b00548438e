import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from '../../lib/router.js';
import { deleteView, loadViews, type SavedView, saveView } from '../../lib/views.js';

/** Named filter sets kept in this browser; a click opens the inbox with them. */
export function SavedViews({ query, base }: { query: string; base: string }) {
  const { t } = useTranslation();
  const [views, setViews] = useState<SavedView[]>(loadViews);
  const [name, setName] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return;
    setViews(saveView({ name: name.trim(), query }));
    setName('');
  };
  return (
    <section className="views" aria-labelledby="views-title">
      <h2 id="views-title" className="small-title">
        {t('inbox.views')}
      </h2>
      <ul className="chips">
        {views.map((v) => (
          <li key={v.name}>
            <Link to={`${base}${v.query}`} aria-current={v.query === query ? 'true' : undefined} data-content>
              {v.name}
            </Link>
            <button
              type="button"
              className="link"
              aria-label={t('inbox.deleteView', { name: v.name })}
              onClick={() => setViews(deleteView(v.name))}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <form onSubmit={submit} className="row">
        <label htmlFor="view-name" className="sr-only">
          {t('inbox.viewName')}
        </label>
        <input
          id="view-name"
          value={name}
          placeholder={t('inbox.viewName')}
          onChange={(e) => setName(e.target.value)}
        />
        <button type="submit" className="secondary" disabled={!name.trim()}>
          {t('inbox.saveView')}
        </button>
      </form>
    </section>
  );
}
