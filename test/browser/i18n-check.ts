import type { Page } from 'playwright-core';
import { en } from '../../web/src/i18n/en.js';
import { kk } from '../../web/src/i18n/kk.js';
import { ru } from '../../web/src/i18n/ru.js';

type Tree = { readonly [k: string]: string | Tree };

export function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk2, vv] of flatten(v, key)) out.set(kk2, vv);
  }
  return out;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Russian and English interface strings that must not appear on a Kazakh screen: every ru/en value that
 * differs from the Kazakh one (proper nouns such as "WhatsApp" are the same in all three and pass).
 */
export function foreignMatchers(): Array<{ text: string; test: (s: string) => boolean }> {
  const kkValues = new Set(flatten(kk).values());
  const out: Array<{ text: string; test: (s: string) => boolean }> = [];
  for (const lang of [ru, en]) {
    for (const v of flatten(lang).values()) {
      if (kkValues.has(v) || v.trim().length < 2) continue;
      if (v.includes('{{')) {
        const re = new RegExp(
          `^${v
            .split(/\{\{\w+\}\}/)
            .map(escapeRe)
            .join('.+')}$`,
          's',
        );
        out.push({ text: v, test: (s) => re.test(s) });
      } else out.push({ text: v, test: (s) => s === v });
    }
  }
  return out;
}

/** Every interface text of the page: text nodes and labelling attributes, outside [data-content]. */
export async function interfaceTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const skip = (el: Element | null) => !!el?.closest('[data-content], script, style, noscript');
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const t = n.textContent?.trim();
      if (t && !skip(n.parentElement)) out.push(t);
    }
    for (const el of document.querySelectorAll('[aria-label], [placeholder], [title], [alt]')) {
      if (skip(el)) continue;
      for (const a of ['aria-label', 'placeholder', 'title', 'alt']) {
        const v = el.getAttribute(a)?.trim();
        if (v) out.push(v);
      }
    }
    return out;
  });
}

/** The Russian or English interface strings found on the page (empty on a clean Kazakh screen). */
export async function foreignOnPage(page: Page): Promise<string[]> {
  const matchers = foreignMatchers();
  const found = new Set<string>();
  for (const text of await interfaceTexts(page)) {
    for (const m of matchers) if (m.test(text)) found.add(`${text}  ←  "${m.text}"`);
  }
  return [...found];
}
