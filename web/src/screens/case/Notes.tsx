import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote } from '../../components/common.js';
import { currentLocale } from '../../i18n/index.js';
import { api } from '../../lib/api.js';
import { formatDateTime } from '../../lib/format.js';
import type { CaseEvent } from '../../lib/types.js';
import { Actor } from './Sidebar.js';

/** Internal notes: kept with the case, never sent to the citizen. */
export function Notes({
  caseId,
  events,
  canWrite,
  onDone,
}: {
  caseId: number;
  events: readonly CaseEvent[];
  canWrite: boolean;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [error, setError] = useState<unknown>(null);
  const notes = events.filter((e) => e.type === 'note');
  const locale = currentLocale();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await api(`/api/cases/${caseId}/notes`, { method: 'POST', body: { text } });
      setText('');
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section aria-labelledby="notes-title" className="panel">
      <h2 id="notes-title">{t('case.notes')}</h2>
      <ul className="notes">
        {notes.map((n) => (
          <li key={n.id}>
            <div className="msg-meta">
              <Actor actor={n.actor} />
              <time dateTime={n.at}>{formatDateTime(locale, n.at)}</time>
            </div>
            <p data-content>{typeof n.data?.text === 'string' ? n.data.text : ''}</p>
          </li>
        ))}
      </ul>
      {canWrite && (
        <form onSubmit={submit} className="stack">
          <label htmlFor="note-text">{t('case.noteText')}</label>
          <textarea id="note-text" rows={2} required value={text} onChange={(e) => setText(e.target.value)} />
          <button type="submit" className="secondary" disabled={!text.trim()}>
            {t('case.addNote')}
          </button>
        </form>
      )}
      <ErrorNote error={error} onDismiss={() => setError(null)} />
    </section>
  );
}
