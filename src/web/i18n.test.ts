import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flatten } from '../../test/browser/i18n-check.js';
import { en } from '../../web/src/i18n/en.js';
import { pickLanguage } from '../../web/src/i18n/index.js';
import { kk } from '../../web/src/i18n/kk.js';
import { ru } from '../../web/src/i18n/ru.js';

const langs = { kk: flatten(kk), ru: flatten(ru), en: flatten(en) };
/** Proper nouns and signs written alike in every language. */
const SAME_IN_KAZAKH = new Set([
  'app.name',
  'lang.kk',
  'lang.ru',
  'lang.en',
  'common.none',
  'channel.whatsapp',
  'channel.telegram',
  'channel.instagram',
  'channel.facebook',
  'channel.vk',
  'channel.open311',
  'channel.egov',
]);
const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : /\.tsx?$/.test(f) ? [p] : [];
  });
}

describe('interface strings (kk, ru, en)', () => {
  it('have the same keys in every language, none empty', () => {
    const keys = [...langs.en.keys()].sort();
    expect([...langs.kk.keys()].sort()).toEqual(keys);
    expect([...langs.ru.keys()].sort()).toEqual(keys);
    for (const [lang, map] of Object.entries(langs))
      for (const [k, v] of map) expect(v.trim(), `${lang}:${k}`).not.toBe('');
  });

  it('keep the same placeholders in every language', () => {
    for (const [k, v] of langs.en) {
      expect(placeholders(langs.kk.get(k) ?? ''), `kk:${k}`).toEqual(placeholders(v));
      expect(placeholders(langs.ru.get(k) ?? ''), `ru:${k}`).toEqual(placeholders(v));
    }
  });

  it('leave nothing English in Kazakh but proper nouns', () => {
    const same = [...langs.en]
      .filter(([k, v]) => langs.kk.get(k) === v && !SAME_IN_KAZAKH.has(k))
      .map(([k]) => k);
    expect(same).toEqual([]);
    // Kazakh and Russian strings are written in Cyrillic (apart from the proper nouns).
    for (const lang of ['kk', 'ru'] as const) {
      for (const [k, v] of langs[lang]) {
        if (SAME_IN_KAZAKH.has(k) || k.startsWith('lang.')) continue;
        expect(/[\u0400-\u04FF]/.test(v.replace(/\{\{\w+\}\}/g, '')), `${lang}:${k} = ${v}`).toBe(true);
      }
    }
    // Letters only Kazakh has show the Kazakh file is Kazakh, not Russian.
    const kazakhLetters = [...langs.kk.values()].filter((v) => /[әіңғүұқөһӘІҢҒҮҰҚӨҺ]/.test(v)).length;
    expect(kazakhLetters / langs.kk.size).toBeGreaterThan(0.6);
  });

  it('has every key the screens ask for by name', () => {
    const missing: string[] = [];
    for (const file of sources(join(process.cwd(), 'web', 'src'))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z][\w.]*)'/g)) {
        const key = m[1] as string;
        if (!langs.en.has(key)) missing.push(`${file.split('web/src/')[1]}: ${key}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('starts in the language of ?lang=, else the saved one, else the browser’s, else Kazakh', () => {
    expect(pickLanguage('?lang=ru', 'kk', ['en-US'])).toBe('ru');
    expect(pickLanguage('?lang=xx', 'en', ['ru'])).toBe('en');
    expect(pickLanguage('', null, ['ru-RU', 'en'])).toBe('ru');
    expect(pickLanguage('', 'fr', ['de-DE'])).toBe('kk');
  });
});
