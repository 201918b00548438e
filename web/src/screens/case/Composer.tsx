import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote, Notice } from '../../components/common.js';
import { api } from '../../lib/api.js';
import { codeLabel } from '../../lib/codes.js';
import { answerPreview, fillTemplate } from '../../lib/preview.js';
import { useReference } from '../../lib/reference.js';
import type { Case, CaseEvent } from '../../lib/types.js';
import type { Templates } from './useCase.js';

interface Props {
  readonly kase: Case;
  readonly events: readonly CaseEvent[];
  readonly templates: Templates;
  readonly canApprove: boolean;
  readonly onDone: () => void;
}

/** Writes the answer, from a template or not, showing exactly what the citizen will receive. */
export function Composer({ kase, events, templates, canApprove, onDone }: Props) {
  const { t } = useTranslation();
  const ref = useReference();
  const [text, setText] = useState('');
  const [tpl, setTpl] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<string | null>(null);
  const offset = ref.region?.utcOffsetMinutes ?? 300;
  const lang = kase.lang === 'kk' ? 'kk' : 'ru';
  const starters = templates.items
    .filter((x) => x.purpose === 'answer_template' && x.active)
    .sort((a, b) => Number(b.lang === lang) - Number(a.lang === lang));
  const org = ref.organisations.find((o) => o.id === kase.organisationId);
  const preview = answerPreview({
    kase,
    text,
    templates: templates.items,
    organisations: ref.organisations,
    replyChannels: templates.replyChannels,
    utcOffsetMinutes: offset,
  });
  const lastAnswer = [...events].reverse().find((e) => e.type === 'answer' || e.type === 'answer_pending');
  const pending = lastAnswer?.type === 'answer_pending';
  const canAnswer = ['new', 'assigned', 'in_progress', 'reopened', 'redirected'].includes(kase.status);

  const send = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const r = await api<{ status: string }>(`/api/cases/${kase.id}/answer`, {
        method: 'POST',
        body: { text },
      });
      setResult(r.status === 'answered' ? t('case.answered') : t('case.pendingApproval'));
      setText('');
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  const approve = async () => {
    setError(null);
    try {
      await api(`/api/cases/${kase.id}/answer/approve`, { method: 'POST' });
      setResult(t('case.answered'));
      onDone();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section aria-labelledby="composer-title" className="panel composer">
      <h2 id="composer-title">{t('case.answer')}</h2>
      {pending && (
        <div className="note">
          {t('case.pendingApproval')}
          {canApprove && (
            <button type="button" onClick={() => void approve()}>
              {t('case.approve')}
            </button>
          )}
        </div>
      )}
      {canAnswer && (
        <form onSubmit={send} className="stack">
          <div className="field">
            <label htmlFor="answer-template">{t('case.template')}</label>
            <select
              id="answer-template"
              value={tpl}
              onChange={(e) => {
                setTpl(e.target.value);
                const chosen = starters.find((x) => String(x.id) === e.target.value);
                if (chosen)
                  setText(
                    fillTemplate(
                      chosen.body,
                      kase,
                      offset,
                      org ? (chosen.lang === 'kk' ? org.name.kk : org.name.ru) : '',
                    ),
                  );
              }}
            >
              <option value="">{t('case.noTemplate')}</option>
              {starters.map((x) => (
                <option key={x.id} value={x.id} data-content>
                  {codeLabel('language', x.lang)} · {x.body.slice(0, 60)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="answer-text">{t('case.answerText')}</label>
            <textarea
              id="answer-text"
              required
              rows={5}
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
          </div>
          <div className="preview" aria-live="polite">
            <h3>
              {t('case.preview')}{' '}
              <span className="muted">
                {t('case.previewVia', { channel: codeLabel('channel', kase.channel) })}
              </span>
            </h3>
            {preview === null ? (
              <p className="muted">{t('case.noReply')}</p>
            ) : (
              <pre className="preview-text" data-testid="answer-preview" data-content>
                {preview}
              </pre>
            )}
          </div>
          <button type="submit" disabled={!text.trim()}>
            {t('case.sendAnswer')}
          </button>
        </form>
      )}
      {result && <Notice>{result}</Notice>}
      <ErrorNote error={error} onDismiss={() => setError(null)} />
    </section>
  );
}
