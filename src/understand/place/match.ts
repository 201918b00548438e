import { foldToken } from '../text/fold.js';
import type { Token } from '../text/tokens.js';
import { COMMON_WORDS, type Form, type Gazetteer, type PlaceKind, placeKey } from './gazetteer.js';

const key = (s: string) => placeKey(foldToken(s));

/** Case and derivation endings a place name may carry, Russian and Kazakh, in place-key form. */
const ENDINGS: ReadonlySet<string> = new Set(
  (
    'а я у ю е и ы ом ем ой ей ою ею ам ям ах ях ами ями ' +
    'да де та те нда нде ға ге қа ке на не ны ні ды ді ты ті н нан нен дан ден тан тен ' +
    'ның нің дың дің тың тің мен бен пен дағы дегі тағы тегі ндағы ндегі лық лік дық дік тық тік ' +
    'лықтар ліктер дықтар діктер тықтар тіктер ына іне ында інде ынан інен ын ін ындағы індегі ' +
    'дан ден тан тен'
  )
    .split(/\s+/)
    .map(key),
);

/** Russian endings replacing a name's final vowel or й: "Кордай" -> "Кордае", "Аса" -> "Асе". */
const REPLACING: ReadonlySet<string> = new Set('а я у ю е и ы ем ом ой ей ою ею ю ям ях'.split(' ').map(key));

/** Adjective endings ("Кордайский", "Кордайском", "Меркенского", "Луговом"). */
const ADJECTIVE = /^н?ск(?:ии|ая|ое|ого|ому|ом|им|их|ие|ую|ои)$/;
const ADJ_END: ReadonlySet<string> = new Set(['ом', 'ого', 'ому', 'им', 'ая', 'ое', 'ои', 'ую', 'их', 'ие']);

/** How a message word (place key) names a gazetteer word: 2 exactly, 1 inflected, 0 not at all. */
export function wordMatch(t: string, w: string): 0 | 1 | 2 {
  if (t === w) return 2;
  if (t.length < w.length - 2) return 0;
  if (t.startsWith(w)) {
    const rest = t.slice(w.length);
    return ENDINGS.has(rest) || ADJECTIVE.test(rest) ? 1 : 0;
  }
  if (w.length >= 3) {
    const stem = w.slice(0, -1);
    if ('аеиоуя'.includes(w[w.length - 1]!) && t.startsWith(stem)) {
      const rest = t.slice(stem.length);
      if (REPLACING.has(rest) || ADJECTIVE.test(rest)) return 1;
    }
  }
  // A fleeting vowel: "рынок" -> "рынка", "Луговое" keeps its adjective endings below.
  if (w.length >= 5 && 'ое'.includes(w[w.length - 2]!) && !'аеиоуя'.includes(w[w.length - 1]!)) {
    const stem = w.slice(0, -2) + w[w.length - 1];
    if (t.startsWith(stem) && REPLACING.has(t.slice(stem.length))) return 1;
  }
  if (w.length >= 5 && w.endsWith('и') && 'оие'.includes(w[w.length - 2]!)) {
    const stem = w.slice(0, -2);
    if (t.startsWith(stem) && (ADJ_END.has(t.slice(stem.length)) || ADJECTIVE.test(t.slice(stem.length))))
      return 1;
  }
  if (w.endsWith('скии') && t.startsWith(w.slice(0, -2)) && ADJECTIVE.test(t.slice(w.length - 4))) return 1;
  return 0;
}

export function wordMatches(t: string, w: string): boolean {
  return wordMatch(t, w) > 0;
}

/** Words next to a short or everyday place name that show it is a place. */
const BEFORE = new Set(
  [
    'с',
    'село',
    'селе',
    'селу',
    'пос',
    'п',
    'поселок',
    'поселке',
    'г',
    'город',
    'городе',
    'городу',
    'ауыл',
    'қала',
  ].map(key),
);
const AFTER = /^(?:кала|ауил|аудан|раион|город|село|селе|поселок|станц|озен|вокзал)/;
const MICRO_MARKER = /^(?:мкр|микрораион|шагинаудан|икшамаудан)|^м$/;

export interface PlaceMatch {
  readonly form: Form;
  /** Token range [from, to). */
  readonly from: number;
  readonly to: number;
  /** The message word right after the match is a number (house number: a street or microdistrict). */
  readonly numberAfter: boolean;
  /** The place key of the word before the match. */
  readonly before: string | undefined;
  /** Every word matched exactly (not inflected). */
  readonly exact: boolean;
  /** The first word is capitalised in the message. */
  readonly capitalised: boolean;
  /** Punctuation (comma, colon, dash, bracket) separates the match from the next word. */
  readonly punctAfter: boolean;
}

const KIND_ORDER: Record<PlaceKind, number> = {
  ambiguous: 0,
  region: 1,
  district: 2,
  settlement: 3,
  microdistrict: 4,
  landmark: 5,
  street: 6,
};

function placeWord(tokens: readonly Token[], keys: readonly string[], from: number, to: number): boolean {
  const prev = keys[from - 1];
  if (prev !== undefined && BEFORE.has(prev)) return true;
  const next = keys[to];
  if (next !== undefined && (AFTER.test(next) || tokens[to]!.info.script === 'num')) return true;
  return false;
}

const lowerCase = (text: string, t: Token) => {
  const first = text[t.start]!;
  return first === first.toLowerCase();
};

/** Gap between two words of a multi-word name: spaces, a dot or a hyphen, not a comma or a dash. */
const GAP = /^[\s.'’-]*$/;

function hasContext(
  text: string,
  tokens: readonly Token[],
  keys: readonly string[],
  from: number,
  to: number,
): boolean {
  if (placeWord(tokens, keys, from, to)) return true;
  const tok = tokens[from]!;
  const first = text[tok.start]!;
  if (first === first.toLowerCase()) return false;
  // A capitalised everyday word ("Аса" = "very") at the start of a sentence is still the word, unless
  // punctuation follows it ("Аса, ул. ...") or it is inflected ("Асада").
  if (!COMMON_WORDS.has(keys[from]!) || to - from > 1) return true;
  const before = text.slice(0, tok.start).trimEnd();
  if (before.length > 0 && !/[.!?\n]$/.test(before)) return true;
  return /^\s*[,.:;—–-]/.test(text.slice(tokens[to - 1]!.end));
}

/** Every gazetteer form named in the message, longest (then most exact) match first at each position. */
export function findPlaces(g: Gazetteer, text: string, tokens: readonly Token[]): PlaceMatch[] {
  const keys = tokens.map((t) => t.info.place);
  const out: PlaceMatch[] = [];
  let i = 0;
  while (i < keys.length) {
    const k = keys[i]!;
    const long = k.length >= 3 ? g.byPrefix.get(k.slice(0, 3)) : undefined;
    const short = k.length >= 2 ? g.byPrefix.get(k.slice(0, 2)) : undefined;
    const candidates = long && short ? [...long, ...short] : (long ?? short);
    let best: { form: Form; n: number; exact: number } | null = null;
    for (const form of candidates ?? []) {
      const n = form.words.length;
      if (i + n > keys.length) continue;
      let exact = 0;
      let ok = true;
      for (let j = 0; j < n && ok; j++) {
        const m = wordMatch(keys[i + j]!, form.words[j]!);
        ok = m > 0 && (j === 0 || GAP.test(text.slice(tokens[i + j - 1]!.end, tokens[i + j]!.start)));
        exact += m === 2 ? 1 : 0;
      }
      if (!ok) continue;
      if (form.needsContext && !hasContext(text, tokens, keys, i, i + n)) continue;
      if (form.village && n === 1 && lowerCase(text, tokens[i]!) && !placeWord(tokens, keys, i, i + 1))
        continue;
      // "3 мкр Каратау": the number is the microdistrict, Каратау the town.
      if (MICRO_MARKER.test(form.words[0]!) && tokens[i - 1]?.info.script === 'num') continue;
      const better =
        !best ||
        n > best.n ||
        (n === best.n && exact > best.exact) ||
        (n === best.n && exact === best.exact && KIND_ORDER[form.kind] < KIND_ORDER[best.form.kind]);
      if (better) best = { form, n, exact };
    }
    if (best) {
      const next = tokens[i + best.n];
      out.push({
        form: best.form,
        from: i,
        to: i + best.n,
        numberAfter:
          next !== undefined &&
          next.info.script === 'num' &&
          /^[\s-]*$/.test(text.slice(tokens[i + best.n - 1]!.end, next.start)) &&
          !MICRO_MARKER.test(keys[i + best.n + 1] ?? ''),
        before: keys[i - 1],
        exact: best.exact === best.n,
        capitalised: !lowerCase(text, tokens[i]!),
        punctAfter: next !== undefined && !GAP.test(text.slice(tokens[i + best.n - 1]!.end, next.start)),
      });
      i += best.n;
    } else i++;
  }
  return out;
}
