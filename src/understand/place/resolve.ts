import type { Token } from '../text/tokens.js';
import type { Form, Gazetteer, PlaceKind } from './gazetteer.js';
import { findPlaces, type PlaceMatch } from './match.js';

export interface PlaceResult {
  /** District code, or null when no place of the region is named or implied. */
  readonly district: string | null;
  readonly confidence: number;
  readonly explain: string[];
  readonly settlement?: string;
  readonly microdistrict?: string;
  readonly street?: string;
  /** The number right after a named street or microdistrict ("Абая 12"). */
  readonly house?: string;
}

/** How strongly each kind of named place decides the district. */
const STRENGTH: Partial<Record<PlaceKind, number>> = {
  district: 4,
  settlement: 4,
  microdistrict: 3,
  landmark: 3,
  street: 1,
};

const CONFIDENCE: Record<number, number> = { 4: 0.95, 3: 0.9, 2: 0.75, 1: 0.6, 0.5: 0.5 };

const STREET_BEFORE = /^(?:на|по|ул|улица|улице|пр|проспект|проспекте)$/;
const STREET_AFTER = /^(?:кош|данг[иы]л|проспект|street|avenue)/;
const MICRO_AFTER = /^(?:мкр|микрорайон|шагинаудан|шагын|ыкшам|икшам)/;
/** Words that, with a number, speak of the city's own buses or numbered microdistricts. */
const CAPITAL_HINT =
  /(?:^|\s)(?:калалик\S*|городск\S*|горакимат\S*|\d+(?: ?(?:и|ии|го|ои|ши|нши|инши|ми))? (?:маршрут|автобус|мкр|микраион|шагинаудан|икшамаудан)\S*|(?:маршрут|автобус|мкр|микраион)\S* (?:№ ?)?\d+)(?=\s|$)/;

/** The place an ambiguous form means here, from the words around it, or null. */
function disambiguate(
  m: PlaceMatch,
  keys: readonly string[],
  placed: ReadonlySet<string>,
  otherStreet: boolean,
): { form: Form; strength: number } | null {
  const hidden = m.form.hidden ?? [];
  const after = m.punctAfter ? '' : (keys[m.to] ?? '');
  const micro = hidden.find((f) => f.kind === 'microdistrict');
  if (micro && (m.numberAfter || MICRO_AFTER.test(after))) return { form: micro, strength: 3 };
  const street = hidden.find((f) => f.kind === 'street');
  const streetContext =
    m.numberAfter ||
    otherStreet ||
    STREET_AFTER.test(after) ||
    (m.before !== undefined && STREET_BEFORE.test(m.before));
  if (street && streetContext) return { form: street, strength: 1 };
  for (const c of m.form.candidates ?? []) {
    if (!placed.has(c)) continue;
    const f = hidden.find((h) => h.district === c);
    if (f) return { form: f, strength: 2 };
  }
  if (m.form.fallback) return null;
  // Without a default: a village of that name when nothing says street; a capitalised, inflected
  // microdistrict name ("Самалда") as a weak hint.
  const settlement = hidden.find((f) => f.kind === 'settlement');
  if (settlement && !streetContext && (m.capitalised || m.exact)) return { form: settlement, strength: 2 };
  if (micro && m.capitalised && !m.exact) return { form: micro, strength: 1 };
  return null;
}

type Votes = Map<string, { score: number; strength: number; first: number; why: string[] }>;
type Parts = { settlement?: string; microdistrict?: string; street?: string; house?: string };

function vote(votes: Votes, district: string, strength: number, at: number, why: string): void {
  const v = votes.get(district) ?? { score: 0, strength: 0, first: at, why: [] };
  v.score += strength;
  v.strength = Math.max(v.strength, strength);
  v.why.push(why);
  votes.set(district, v);
}

function span(text: string, tokens: readonly Token[], m: PlaceMatch): string {
  return text.slice(tokens[m.from]!.start, tokens[m.to - 1]!.end);
}

/** Address parts from what the gazetteer recognised (a number right after a street is its house). */
function note(parts: Parts, tokens: readonly Token[], f: Form, m: PlaceMatch): void {
  if (f.kind !== 'settlement' && f.kind !== 'microdistrict' && f.kind !== 'street') return;
  if (parts[f.kind] === undefined && f.kind !== 'settlement' && m.numberAfter)
    parts.house ??= tokens[m.to]!.info.lower;
  parts[f.kind] ??= f.name;
}

/**
 * The district a message is about. Unambiguous districts and settlements decide; then microdistricts and
 * landmarks; an ambiguous form resolves by the words around it (a house number after a street or
 * microdistrict name), by a candidate the message already names, else by its default (if any); streets
 * and hints of the capital (numbered city buses, "Таразэнерго…") only suggest a district when nothing else
 * places the message. Region names ("Жамбылская область") never resolve to a district.
 */
export function resolvePlace(g: Gazetteer, text: string, tokens: readonly Token[]): PlaceResult {
  const matches = findPlaces(g, text, tokens);
  const keys = tokens.map((t) => t.info.folded);
  const votes: Votes = new Map();
  const parts: Parts = {};
  const route = routeEnds(text, tokens, matches);
  for (const m of matches) {
    const strength = route.has(m) ? 1 : STRENGTH[m.form.kind];
    if (m.form.district && strength) {
      vote(
        votes,
        m.form.district,
        strength,
        m.from,
        `${m.form.kind}${route.has(m) ? ' (route)' : ''}: ${span(text, tokens, m)}`,
      );
      note(parts, tokens, m.form, m);
    }
  }
  const placed = new Set([...votes].filter(([, v]) => v.strength >= 3).map(([d]) => d));
  const otherStreet = matches.some((m) => m.form.kind === 'street');
  for (const m of matches) {
    if (m.form.kind !== 'ambiguous') continue;
    const d = disambiguate(m, keys, placed, otherStreet);
    if (d?.form.district) {
      vote(
        votes,
        d.form.district,
        route.has(m) ? 1 : d.strength,
        m.from,
        `${d.form.kind} (by context): ${span(text, tokens, m)}`,
      );
      note(parts, tokens, d.form, m);
    } else if (m.form.fallback) {
      vote(
        votes,
        m.form.fallback,
        route.has(m) ? 1 : 2,
        m.from,
        `ambiguous, default: ${span(text, tokens, m)}`,
      );
    }
  }
  if (votes.size === 0) {
    const capitalWhy = capitalHint(g, tokens);
    if (g.capital && capitalWhy) vote(votes, g.capital, 0.5, 0, capitalWhy);
  }
  if (votes.size === 0) {
    const region = matches.some((m) => m.form.kind === 'region');
    return {
      district: null,
      confidence: 0.6,
      explain: [region ? 'only the region is named' : 'no place named'],
      ...parts,
    };
  }
  const ranked = [...votes].sort(
    (a, b) => b[1].strength - a[1].strength || b[1].score - a[1].score || a[1].first - b[1].first,
  );
  const [district, v] = ranked[0]!;
  const contested = ranked.length > 1 && ranked[1]![1].strength === v.strength;
  const confidence = (CONFIDENCE[v.strength] ?? 0.6) * (contested ? 0.8 : 1);
  return { district, confidence: Number(confidence.toFixed(3)), explain: v.why.slice(0, 3), ...parts };
}

/** Places joined by a dash ("Тараз — Алматы", "Каратау - Жанатас жолы") are the ends of a route. */
function routeEnds(text: string, tokens: readonly Token[], matches: readonly PlaceMatch[]): Set<PlaceMatch> {
  const out = new Set<PlaceMatch>();
  for (let i = 0; i < tokens.length - 1; i++) {
    const gap = text.slice(tokens[i]!.end, tokens[i + 1]!.start);
    if (!/^\s*[—–-]\s*$/.test(gap) || !/\s/.test(gap)) continue;
    for (const m of matches) if (m.to === i + 1 || m.from === i + 1) out.add(m);
  }
  return out;
}

const CAPITAL_KEYS = new WeakMap<Gazetteer, string[]>();

/** Numbered city buses or microdistricts, or a word compounded with the capital's name ("Таразэнерго"). */
function capitalHint(g: Gazetteer, tokens: readonly Token[]): string | null {
  if (!tokens.some((t) => t.info.script === 'num' || /^(?:кала|город|гора)/.test(t.info.folded))) {
    return compoundHint(g, tokens);
  }
  const line = ` ${tokens.map((t) => t.info.folded).join(' ')} `;
  const m = CAPITAL_HINT.exec(line.replace(/ё/g, 'е').replace(/й|ы/g, 'и'));
  if (m) return `capital implied: ${m[0].trim()}`;
  return compoundHint(g, tokens);
}

function compoundHint(g: Gazetteer, tokens: readonly Token[]): string | null {
  let capitalKeys = CAPITAL_KEYS.get(g);
  if (!capitalKeys) {
    capitalKeys = g.forms
      .filter((f) => f.kind === 'district' && f.district === g.capital && f.words.length === 1)
      .map((f) => f.words[0]!)
      .filter((w) => w.length >= 5);
    CAPITAL_KEYS.set(g, capitalKeys);
  }
  for (const t of tokens) {
    const k = t.info.folded;
    if (capitalKeys.some((c) => k.startsWith(c) && k.length >= c.length + 4))
      return `capital implied: ${t.info.lower}`;
  }
  return null;
}
