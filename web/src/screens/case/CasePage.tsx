import { useTranslation } from 'react-i18next';
import { Badge, ErrorNote, Loading } from '../../components/common.js';
import { currentLocale } from '../../i18n/index.js';
import { ApiError } from '../../lib/api.js';
import { useCodeLabel } from '../../lib/codes.js';
import { formatDateTime } from '../../lib/format.js';
import { useNames } from '../../lib/reference.js';
import { Link } from '../../lib/router.js';
import { useSession } from '../../lib/session.js';
import { CaseActions } from './CaseActions.js';
import { Composer } from './Composer.js';
import { Deadline } from './Deadline.js';
import { LabelsPanel } from './LabelsPanel.js';
import { Notes } from './Notes.js';
import { Delivery, History, Related } from './Sidebar.js';
import { Thread } from './Thread.js';
import { useCase, useTemplates } from './useCase.js';

export default function CasePage({ id }: { id: number }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const label = useCodeLabel();
  const names = useNames();
  const { detail, error, reload } = useCase(id);
  const templates = useTemplates();
  const locale = currentLocale();
  if (error instanceof ApiError && error.status === 404) return <p className="note">{t('case.notFound')}</p>;
  if (error) return <ErrorNote error={error} />;
  if (!detail) return <Loading />;
  const c = detail.case;
  const write = can('cases:write');
  return (
    <article className="case-page" aria-labelledby="case-title">
      <Link to="/inbox" className="back">
        ← {t('case.back')}
      </Link>
      <header className="case-head">
        <h1 id="case-title">{t('case.title', { number: c.number })}</h1>
        <span className={`status status-${c.status}`}>{label('status', c.status)}</span>
        {c.overdue && <Badge tone="bad">{t('inbox.overdueBadge')}</Badge>}
        {c.escalated && <Badge tone="warn">{t('inbox.escalatedBadge')}</Badge>}
        {c.isDemo && <Badge tone="info">{t('app.demo')}</Badge>}
      </header>
      <dl className="facts">
        <div>
          <dt>{t('case.registered')}</dt>
          <dd>{formatDateTime(locale, c.registeredAt)}</dd>
        </div>
        <div>
          <dt>{t('inbox.channel')}</dt>
          <dd>{label('channel', c.channel)}</dd>
        </div>
        <div>
          <dt>{t('case.organisation')}</dt>
          <dd>{names.organisation(c.organisationId) ?? t('common.none')}</dd>
        </div>
        <div>
          <dt>{t('case.executor')}</dt>
          <dd data-content>{names.executor(c.executorId) ?? t('common.none')}</dd>
        </div>
        {c.answeredAt && (
          <div>
            <dt>{t('case.answeredAt')}</dt>
            <dd>{formatDateTime(locale, c.answeredAt)}</dd>
          </div>
        )}
        {(c.satisfaction || c.rating !== null) && (
          <div>
            <dt>{t('case.feedback')}</dt>
            <dd>
              {c.satisfaction && label('satisfaction', c.satisfaction)}
              {c.rating !== null && ` · ${t('case.rating', { value: c.rating })}`}
            </dd>
          </div>
        )}
      </dl>
      <Deadline kase={c} />
      <div className="case-grid">
        <div className="case-main">
          <Thread thread={detail.thread} messages={detail.messages} />
          {write && (
            <Composer
              kase={c}
              events={detail.events}
              templates={templates}
              canApprove={can('cases:approve')}
              onDone={() => void reload()}
            />
          )}
          <Notes caseId={c.id} events={detail.events} canWrite={write} onDone={() => void reload()} />
        </div>
        <aside className="case-side" aria-label={t('case.actions')}>
          <LabelsPanel kase={c} origin={detail.thread[0]} canEdit={write} onSaved={() => void reload()} />
          {write && <CaseActions kase={c} onDone={() => void reload()} />}
          <Delivery messages={detail.messages} />
          <Related kase={c} related={detail.related} />
          <History events={detail.events} />
        </aside>
      </div>
    </article>
  );
}
