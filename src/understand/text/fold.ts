/**
 * Folding: one canonical lower-case Cyrillic form for Russian, Kazakh Cyrillic, Kazakh typed without its
 * letters and Kazakh in Latin script (2021 official, 2017/2018 variants and informal typing), so that
 * "қаласында", "каласында" and "qalasynda" share features.
 */

/** Kazakh-specific letters and ё folded to the plain Russian keyboard letters people type instead. */
const CYR_FOLD: Record<string, string> = {
  ә: 'а',
  ғ: 'г',
  қ: 'к',
  ң: 'н',
  ө: 'о',
  ұ: 'у',
  ү: 'у',
  һ: 'х',
  і: 'и',
  ё: 'е',
  ъ: 'ь',
};

/** Latin letters that look like Cyrillic ones, used inside otherwise Cyrillic words ("бiз", "Тaраз"). */
const HOMOGLYPH: Record<string, string> = {
  a: 'а',
  e: 'е',
  o: 'о',
  p: 'р',
  c: 'с',
  x: 'х',
  y: 'у',
  k: 'к',
  m: 'м',
  t: 'т',
  i: 'и',
  h: 'х',
  b: 'в',
};

/** Latin (Kazakh 2021/2018/2017, Turkish-style and informal) letters to folded Cyrillic. */
const LATIN: Record<string, string> = {
  a: 'а',
  ä: 'а',
  á: 'а',
  b: 'б',
  c: 'с',
  ç: 'ч',
  d: 'д',
  e: 'е',
  é: 'е',
  f: 'ф',
  g: 'г',
  ğ: 'г',
  ǵ: 'г',
  h: 'х',
  i: 'и',
  ı: 'и',
  í: 'и',
  j: 'ж',
  k: 'к',
  q: 'к',
  l: 'л',
  m: 'м',
  n: 'н',
  ñ: 'н',
  ń: 'н',
  o: 'о',
  ó: 'о',
  ö: 'о',
  p: 'п',
  r: 'р',
  s: 'с',
  ş: 'ш',
  t: 'т',
  u: 'у',
  ú: 'у',
  ū: 'у',
  ü: 'у',
  ý: 'у',
  w: 'у',
  v: 'в',
  x: 'х',
  y: 'ы',
  z: 'з',
};

const DIGRAPHS: ReadonlyArray<readonly [string, string]> = [
  ['sh', 'ш'],
  ['ch', 'ч'],
  ['zh', 'ж'],
  ['kh', 'х'],
  ['gh', 'г'],
];

export type Script = 'cyr' | 'lat' | 'num' | 'other';

const isCyrCode = (c: number) => c >= 0x400 && c <= 0x4ff;
const isLatCode = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0xc0 && c <= 0x24f);
const isDigitCode = (c: number) => c >= 0x30 && c <= 0x39;

/** The script of a lower-cased token: any Cyrillic letter makes it Cyrillic. */
export function scriptOf(lower: string): Script {
  let lat = false;
  let num = false;
  for (let i = 0; i < lower.length; i++) {
    const c = lower.charCodeAt(i);
    if (isCyrCode(c)) return 'cyr';
    if (isLatCode(c)) lat = true;
    else if (isDigitCode(c)) num = true;
  }
  return lat ? 'lat' : num ? 'num' : 'other';
}

function foldCyr(lower: string): string {
  let out = '';
  for (const ch of lower) {
    const c = ch.charCodeAt(0);
    if (c >= 0x300 && c <= 0x36f) continue;
    out += CYR_FOLD[ch] ?? HOMOGLYPH[ch] ?? ch;
  }
  return out;
}

/** Kazakh (or other) Latin transliterated to folded Cyrillic: "qalasynda" -> "каласында", "suu" -> "суу". */
export function latinToCyr(lower: string): string {
  let s = lower;
  for (const [from, to] of DIGRAPHS) if (s.includes(from)) s = s.split(from).join(to);
  let out = '';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (c >= 0x300 && c <= 0x36f) continue;
    out += LATIN[ch] ?? ch;
  }
  return out;
}

/** Folds one lower-cased token to the canonical Cyrillic form. */
export function foldToken(lower: string): string {
  switch (scriptOf(lower)) {
    case 'cyr':
      return foldCyr(lower);
    case 'lat':
      return latinToCyr(lower);
    case 'num':
    case 'other':
      return lower;
  }
}

/**
 * Place key: the folded form with й/ы -> и, ь dropped and дж -> ж, so "Кордай", "Qordai", "Korday" and
 * "Кордаи" meet (place names are matched on it; inflection is handled by the matcher).
 */
export function placeKey(folded: string): string {
  let s = folded;
  if (s.includes('дж')) s = s.split('дж').join('ж');
  let out = '';
  for (const ch of s) {
    if (ch === 'ь') continue;
    out += ch === 'й' || ch === 'ы' ? 'и' : ch;
  }
  return out;
}
