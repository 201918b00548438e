import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote, Notice } from '../../components/common.js';
import { api } from '../../lib/api.js';
import { codeLabel, KINDS, TOPICS, URGENCIES } from '../../lib/codes.js';
import { nameIn, useReference } from '../../lib/reference.js';
import { Link } from '../../lib/router.js';
import { type Suggested, useDuplicates, useLabelSuggestions } from './useSuggestions.js';

const EMPTY = {
  name: '',
  phone: '',
  text: '',
  address: '',
  channel: 'call_center',
  kind: '',
  topic: '',
  district: '',
  urgency: '',
};
type Form = typeof EMPTY;
type LabelKey = 'kind' | 'topic' | 'district' | 'urgency';
const LABEL_KEYS: readonly LabelKey[] = ['kind', 'topic', 'district', 'urgency'];

/** The call centre's entry: register a call in seconds, with labels and possible duplicates suggested. */
export default function Entry() {
  const { t } = useTranslation();
  const ref = useReference();
  const [form, setForm] = useState<Form>(EMPTY);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<number | null>(null);
  const [started, setStarted] = useState<number | null>(null);
  const [now, setNow] = useState(Date.now());
  const first = useRef<HTMLInputElement>(null);
  const { labels, unavailable } = useLabelSuggestions(form.text);
  const duplicates = useDuplicates(
    form.text,
    form.address,
    form.district || labels?.district || '',
    form.topic || labels?.topic || '',
  );
  useEffect(() => {
    if (started === null) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [started]);

  const set = (k: keyof Form, v: string) => {
    if (started === null) setStarted(Date.now());
    setForm((f) => ({ ...f, [k]: v }));
  };
  const accept = (l: Suggested) =>
    setForm((f) => {
      const n = { ...f };
      for (const k of LABEL_KEYS) if (!n[k] && l[k]) n[k] = l[k] as string;
      return n;
    });
  const options = (k: LabelKey) =>
    k === 'district'
      ? ref.districts.map((d) => ({ value: d.code, label: nameIn(d.name) }))
      : (k === 'kind' ? KINDS : k === 'topic' ? TOPICS : URGENCIES).map((c) => ({
          value: c,
          label: codeLabel(k, c),
        }));
  const suggestedName = (k: LabelKey, v: string) => {
    if (k !== 'district') return codeLabel(k, v);
    const d = ref.districts.find((x) => x.code === v);
    return d ? nameIn(d.name) : v;
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const body: Record<string, string> = { text: form.text, channel: form.channel };
    for (const k of ['name', 'phone', 'address', ...LABEL_KEYS] as const)
      if (form[k].trim()) body[k] = form[k].trim();
    try {
      const r = await api<{ id: number }>('/api/signals', { method: 'POST', body });
      setDone(r.id);
      setForm(EMPTY);
      setStarted(null);
      first.current?.focus();
    } catch (err) {
      setError(err);
    }
  };
  const seconds = started === null ? 0 : Math.max(0, Math.round((now - started) / 1000));

  return (
    <div className="entry">
      <div className="page-head">
        <h1>{t('entry.title')}</h1>
        <span className={`timer ${seconds > 30 ? 'bad' : ''}`} role="timer" aria-live="off">
          {t('entry.timer', { seconds })}
        </span>
      </div>
      {done !== null && <Notice>{t('entry.registered', { id: done })}</Notice>}
      <ErrorNote error={error} onDismiss={() => setError(null)} />
      <div className="entry-grid">
        <form onSubmit={submit} className="stack panel" aria-label={t('entry.title')}>
          <div className="row wrap">
            <div className="field grow">
              <label htmlFor="entry-phone">{t('entry.phone')}</label>
              <input
                id="entry-phone"
                ref={first}
                type="tel"
                autoComplete="off"
                value={form.phone}
                onChange={(e) => set('phone', e.target.value)}
              />
            </div>
            <div className="field grow">
              <label htmlFor="entry-name">{t('entry.name')}</label>
              <input
                id="entry-name"
                autoComplete="off"
                value={form.name}
                onChange={(e) => set('name', e.target.value)}
              />
            </div>
          </div>
          <div className="field">
            <label htmlFor="entry-text">{t('entry.text')}</label>
            <textarea
              id="entry-text"
              required
              rows={4}
              value={form.text}
              onChange={(e) => set('text', e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="entry-address">{t('entry.address')}</label>
            <input
              id="entry-address"
              autoComplete="off"
              value={form.address}
              onChange={(e) => set('address', e.target.value)}
            />
          </div>
          <div className="row wrap">
            {LABEL_KEYS.map((k) => (
              <div className="field grow" key={k}>
                <label htmlFor={`entry-${k}`}>{t(`inbox.${k}`)}</label>
                <select id={`entry-${k}`} value={form[k]} onChange={(e) => set(k, e.target.value)}>
                  <option value="">{t('common.none')}</option>
                  {options(k).map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </select>
                {labels?.[k] && labels[k] !== form[k] && (
                  <small className="muted suggestion">
                    {t('entry.suggested', { value: suggestedName(k, labels[k] as string) })}
                  </small>
                )}
              </div>
            ))}
            <div className="field">
              <label htmlFor="entry-channel">{t('entry.channel')}</label>
              <select
                id="entry-channel"
                value={form.channel}
                onChange={(e) => set('channel', e.target.value)}
              >
                {['call_center', 'email', 'egov'].map((c) => (
                  <option key={c} value={c}>
                    {codeLabel('channel', c)}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div className="row">
            {labels && (
              <button type="button" className="secondary" onClick={() => accept(labels)}>
                {t('entry.accept')}
              </button>
            )}
            <button type="submit" disabled={!form.text.trim()}>
              {t('entry.register')}
            </button>
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setForm(EMPTY);
                setStarted(null);
                setDone(null);
              }}
            >
              {t('entry.newCall')}
            </button>
          </div>
          {unavailable && <p className="muted">{t('entry.noLabeler')}</p>}
        </form>
        <aside className="panel" aria-labelledby="dups-title">
          <h2 id="dups-title">{t('entry.duplicates')}</h2>
          {duplicates.length === 0 ? (
            <p className="muted">{t('entry.noDuplicates')}</p>
          ) : (
            <ul className="plain dups">
              {duplicates.map((c) => (
                <li key={c.id}>
                  <Link to={`/cases/${c.id}`}>{c.number}</Link> · {codeLabel('topic', c.topic)}
                  <p className="muted summary" data-content>
                    {c.summary}
                  </p>
                </li>
              ))}
            </ul>
          )}
        </aside>
      </div>
    </div>
  );
}
