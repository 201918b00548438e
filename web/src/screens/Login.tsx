import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../components/common.js';
import { LangSwitch } from '../components/LangSwitch.js';
import { api } from '../lib/api.js';
import { codeLabel } from '../lib/codes.js';
import { type DemoAccount, parseDemoAccounts } from '../lib/demo.js';
import { useSession } from '../lib/session.js';

export function Login() {
  const { t } = useTranslation();
  const { signIn } = useSession();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [demo, setDemo] = useState<DemoAccount[]>([]);

  useEffect(() => {
    api<unknown>('/api/demo/accounts').then(
      (b) => setDemo(parseDemoAccounts(b)),
      () => setDemo([]),
    );
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(login.trim(), password);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" className="login">
      <div className="login-card">
        <div className="login-head">
          <h1>{t('app.name')}</h1>
          <LangSwitch />
        </div>
        <p className="muted">{t('app.tagline')}</p>
        <form onSubmit={submit} aria-label={t('login.title')}>
          <h2>{t('login.title')}</h2>
          <Field label={t('login.login')}>
            {(id) => (
              <input
                id={id}
                name="login"
                autoComplete="username"
                required
                value={login}
                onChange={(e) => setLogin(e.target.value)}
              />
            )}
          </Field>
          <Field label={t('login.password')}>
            {(id) => (
              <input
                id={id}
                name="password"
                type="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            )}
          </Field>
          {error !== null && (
            <p className="note note-error" role="alert">
              {t('login.failed')}
            </p>
          )}
          <button type="submit" disabled={busy}>
            {t('login.submit')}
          </button>
        </form>
        {demo.length > 0 && (
          <section aria-labelledby="demo-title" className="demo-accounts">
            <h2 id="demo-title">{t('login.demoTitle')}</h2>
            <p className="muted">{t('login.demoHint')}</p>
            <ul>
              {demo.map((a) => (
                <li key={a.login}>
                  <button
                    type="button"
                    className="secondary"
                    onClick={() => {
                      setLogin(a.login);
                      setPassword(a.password);
                    }}
                  >
                    <strong>{codeLabel('roles', a.role)}</strong> <span data-content>{a.login}</span>
                    {a.organisation && <small data-content> · {a.organisation}</small>}
                  </button>
                </li>
              ))}
            </ul>
          </section>
        )}
      </div>
    </main>
  );
}
