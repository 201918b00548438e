import { useTranslation } from 'react-i18next';
import { isUiLang, setLanguage, UI_LANGS } from '../i18n/index.js';

/** kk / ru / en; the choice is kept in this browser. */
export function LangSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <fieldset className="lang-switch">
      <legend className="sr-only">{t('nav.language')}</legend>
      {UI_LANGS.map((l) => (
        <button
          key={l}
          type="button"
          lang={l}
          className={i18n.language === l ? 'on' : ''}
          aria-pressed={i18n.language === l}
          data-lang={l}
          onClick={() => {
            if (isUiLang(l)) void setLanguage(l);
          }}
        >
          {t(`lang.${l}`)}
        </button>
      ))}
    </fieldset>
  );
}
