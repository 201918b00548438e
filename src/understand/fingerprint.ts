import { placeKey } from './place/gazetteer.js';
import { foldToken } from './text/fold.js';
import type { Token } from './text/tokens.js';

/** Signature length: 64 MinHash values of 16 bits (128 bytes, 172 base64 characters). */
const K = 64;
/** Two messages at or above this similarity are near-duplicates (same problem, same place). */
export const NEAR_DUPLICATE = 0.6;

/** Words that say nothing about which problem it is (folded forms, Russian and Kazakh). */
const STOP: ReadonlySet<string> = new Set(
  (
    'в во на не нет и а но с со по за для у от до из к о об это как так уже еще очень мы нам нас наш вы вас ' +
    'они он она его ее мне я когда где кто что который есть был была было были будет просим прошу пожалуйста ' +
    'помогите срочно здравствуйте добрый день спасибо заранее уважаемые уважаемый аким акимат снова опять ' +
    'тут там здесь сейчас сегодня вчера уже весь все никто ничего можно нужно надо дом дома доме улица улице ' +
    'ул кв д мкр район района городе город жок бар жане мен ушин бул осы биз сиз ол кандай калай керек емес ' +
    'ма ме ба бе па пе деп еди болды болып тур жатыр ал бирак тагы кун кунде ай сагат уй коше кошеси ' +
    'сураймыз отинемиз комектесиниздер рахмет саламатсыз салеметсиз бугин кеше ертен'
  ).split(/\s+/),
);

function mix(h: number): number {
  let x = h >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

const SEEDS = Array.from({ length: K }, (_, i) => mix(0x9e3779b9 * (i + 1)));

/** A short, spelling- and case-tolerant key for a place name ("ул. Абая", "Абай көшесі" -> "абаи"). */
export function nameKey(name: string): string {
  const first =
    name
      .toLowerCase()
      .replace(/[^\p{L}\s]/gu, ' ')
      .trim()
      .split(/\s+/)[0] ?? '';
  const key = placeKey(foldToken(first));
  // One trailing vowel off: "Абая" and "Абай", "Жамбыла" and "Жамбыл" meet.
  return (key.length > 3 && /[аяиеуыо]$/.test(key) ? key.slice(0, -1) : key).slice(0, 5);
}

export interface FingerprintContext {
  readonly topic?: string;
  /** The runner-up topic when the model gives it a fair chance (so one uncertain label does not split). */
  readonly topic2?: string;
  readonly district?: string | null;
  readonly street?: string;
  readonly house?: string;
  readonly settlement?: string;
  readonly microdistrict?: string;
}

/** The content of a message for near-duplicate detection: stems of its meaningful words. */
export function contentSet(tokens: readonly Token[]): string[] {
  const out = new Set<string>();
  for (const t of tokens) {
    const { folded, ru, kk, script } = t.info;
    if (script !== 'cyr' && script !== 'lat') continue;
    if (folded.length < 3 || STOP.has(folded)) continue;
    const stem = (kk.length < ru.length ? kk : ru).slice(0, 5);
    if (stem.length >= 3) out.add(stem);
  }
  return [...out];
}

/**
 * The weighted term set of a message: content stems plus place and topic terms, repeated by weight as
 * "key#i" (used by story clustering in src/analytics).
 */
export function fingerprintSet(tokens: readonly Token[], c: FingerprintContext): string[] {
  const out = new Set<string>(contentSet(tokens));
  const add = (key: string, weight: number) => {
    for (let i = 0; i < weight; i++) out.add(`${key}#${i}`);
  };
  if (c.topic) add(`t:${c.topic}`, 3);
  if (c.district) add(`d:${c.district}`, 2);
  const street = c.street ? nameKey(c.street) : '';
  if (street) add(`s:${street}`, 4);
  if (street && c.house) add(`h:${street}:${c.house.toLowerCase()}`, 6);
  if (c.settlement) add(`v:${nameKey(c.settlement)}`, 3);
  if (c.microdistrict) add(`m:${nameKey(c.microdistrict)}`, 3);
  return [...out];
}

/** MinHash signature of a set, base64 ('' for an empty set). */
export function minhash(set: readonly string[]): string {
  if (set.length === 0) return '';
  const mins = new Uint32Array(K).fill(0xffffffff);
  for (const s of set) {
    const h = hash(s);
    for (let i = 0; i < K; i++) {
      const v = mix(h ^ SEEDS[i]!);
      if (v < mins[i]!) mins[i] = v;
    }
  }
  const sig = new Uint16Array(K);
  for (let i = 0; i < K; i++) sig[i] = mins[i]! & 0xffff;
  return Buffer.from(sig.buffer).toString('base64');
}

/** Estimated Jaccard similarity of two MinHash signatures. */
export function jaccard(a: string, b: string): number {
  if (!a || !b) return 0;
  const x = Buffer.from(a, 'base64');
  const y = Buffer.from(b, 'base64');
  if (x.length !== y.length || x.length === 0) return 0;
  let same = 0;
  for (let i = 0; i < x.length; i += 2) if (x[i] === y[i] && x[i + 1] === y[i + 1]) same++;
  const n = x.length / 2;
  const chance = 1 / 65536;
  return Math.max(0, (same / n - chance) / (1 - chance));
}

const clean = (s: string | null | undefined) => (s ?? '').replace(/[|]/g, ' ').trim().toLowerCase();

/**
 * Fingerprint: "f1|topic|district|street key|house|settlement or microdistrict key|MinHash of the content",
 * about 200 characters.
 */
export function fingerprint(tokens: readonly Token[], c: FingerprintContext): string {
  const place = c.microdistrict ?? c.settlement;
  return [
    'f1',
    c.topic2 ? `${clean(c.topic)}/${clean(c.topic2)}` : clean(c.topic),
    clean(c.district),
    c.street ? nameKey(c.street) : '',
    clean(c.house),
    place ? nameKey(place) : '',
    minhash(contentSet(tokens)),
  ].join('|');
}

interface Parsed {
  readonly topic: string;
  readonly district: string;
  readonly street: string;
  readonly house: string;
  readonly place: string;
  readonly sig: string;
}

function parse(f: string): Parsed | null {
  const p = f.split('|');
  if (p[0] !== 'f1' || p.length !== 7) return null;
  return { topic: p[1]!, district: p[2]!, street: p[3]!, house: p[4]!, place: p[5]!, sig: p[6]! };
}

/** 1 for the same topic, 0.6 when one's topic is the other's runner-up, else 0. */
function topicMatch(a: string, b: string): number {
  if (!a || !b) return 0;
  const [a1, a2] = a.split('/');
  const [b1, b2] = b.split('/');
  if (a1 === b1) return 1;
  return (a2 && a2 === b1) || (b2 && b2 === a1) ? 0.6 : 0;
}

/**
 * Similarity in [0, 1] of two messages: same topic and shared content words, raised when both name the
 * same street and house (or settlement/microdistrict), lowered when they name different places.
 */
export function similarity(fa: string, fb: string): number {
  const a = parse(fa);
  const b = parse(fb);
  if (!a || !b) return 0;
  let s = 0.45 * topicMatch(a.topic, b.topic) + 0.55 * jaccard(a.sig, b.sig);
  if (a.street && b.street) {
    if (a.street !== b.street) s *= 0.3;
    else if (a.house && b.house) s = a.house === b.house ? s + 0.35 : s * 0.4;
    else s += 0.2;
  } else if (a.place && b.place) {
    s = a.place === b.place ? s + 0.2 : s * 0.4;
  }
  if (a.district && b.district && a.district !== b.district) s *= 0.3;
  return Math.min(1, Math.max(0, s));
}

/**
 * A cheap blocking key for finding duplicate candidates in the database: topic, district and the most
 * precise place named (settlement, microdistrict or street).
 */
export function clusterKey(e: {
  readonly topic: { readonly value: string };
  readonly district: { readonly value: string | null };
  readonly address: {
    readonly street?: string;
    readonly settlement?: string;
    readonly microdistrict?: string;
  };
}): string {
  const a = e.address;
  const place = a.street
    ? `s:${nameKey(a.street)}`
    : a.microdistrict
      ? `m:${nameKey(a.microdistrict)}`
      : a.settlement
        ? `v:${nameKey(a.settlement)}`
        : '-';
  return `${e.topic.value}|${e.district.value ?? '-'}|${place}`;
}
