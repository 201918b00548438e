import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en.js';
import { kk } from './kk.js';
import { ru } from './ru.js';

export const UI_LANGS = ['kk', 'ru', 'en'] as const;
export type UiLang = (typeof UI_LANGS)[number];
export const RESOURCES = { kk, ru, en } as const;

/** BCP 47 locales for Intl (dates, numbers) per interface language. */
export const LOCALES: Readonly<Record<UiLang, string>> = { kk: 'kk-KZ', ru: 'ru-KZ', en: 'en-GB' };

const STORAGE_KEY = 'tyndau.lang';

export const isUiLang = (v: unknown): v is UiLang =>
  typeof v === 'string' && (UI_LANGS as readonly string[]).includes(v);

/** The language to start in: `?lang=` in the URL, then the saved choice, then the browser's, then Kazakh. */
export function pickLanguage(search: string, stored: string | null, browser: readonly string[]): UiLang {
  const fromUrl = new URLSearchParams(search).get('lang');
  if (isUiLang(fromUrl)) return fromUrl;
  if (isUiLang(stored)) return stored;
  for (const b of browser) {
    const base = b.toLowerCase().split('-')[0];
    if (isUiLang(base)) return base;
  }
  return 'kk';
}

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export function currentLang(): UiLang {
  return isUiLang(i18next.language) ? i18next.language : 'kk';
}

export function currentLocale(): string {
  return LOCALES[currentLang()];
}

/** Switches the interface language, remembers it, and keeps a `?lang=` in the address in step. */
export async function setLanguage(lang: UiLang): Promise<void> {
  await i18next.changeLanguage(lang);
  storage()?.setItem(STORAGE_KEY, lang);
  document.documentElement.lang = lang;
  const url = new URL(window.location.href);
  if (url.searchParams.has('lang')) {
    url.searchParams.set('lang', lang);
    window.history.replaceState(window.history.state, '', url);
  }
}

export async function initI18n(): Promise<void> {
  const lang = pickLanguage(
    window.location.search,
    storage()?.getItem(STORAGE_KEY) ?? null,
    navigator.languages,
  );
  if (new URLSearchParams(window.location.search).has('lang')) storage()?.setItem(STORAGE_KEY, lang);
  document.documentElement.lang = lang;
  await i18next.use(initReactI18next).init({
    resources: { kk: { translation: kk }, ru: { translation: ru }, en: { translation: en } },
    lng: lang,
    fallbackLng: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
}
