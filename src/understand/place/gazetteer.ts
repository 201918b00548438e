import { readFileSync } from 'node:fs';
import { tokenize } from '../text/tokens.js';

/** The region's reference data (data/regions/<region>/gazetteer.json); a region replaces the file. */
export interface GazetteerFile {
  readonly region: {
    readonly code: string;
    readonly name: Names;
    readonly capital?: string;
    readonly aliases: readonly string[];
  };
  readonly districts: readonly {
    readonly code: string;
    readonly name: Names;
    readonly centre?: Names;
    readonly aliases: readonly string[];
  }[];
  readonly settlements: readonly Place[];
  readonly microdistricts: readonly Place[];
  readonly streets: readonly Place[];
  readonly landmarks: readonly Place[];
  readonly ambiguous: readonly {
    readonly form: string;
    readonly candidates: readonly string[];
    readonly default: string | null;
  }[];
}

interface Names {
  readonly ru?: string;
  readonly kk?: string;
  readonly en?: string;
}

interface Place {
  readonly name: Names;
  readonly district: string;
  readonly kind?: string;
  readonly aliases: readonly string[];
}

export type PlaceKind =
  | 'region'
  | 'district'
  | 'settlement'
  | 'microdistrict'
  | 'street'
  | 'landmark'
  | 'ambiguous';

/** One way of naming a place: its words in place-key form. */
export interface Form {
  readonly words: readonly string[];
  readonly kind: PlaceKind;
  /** District code (null for the region and for ambiguous forms). */
  readonly district: string | null;
  /** Display name (Russian name of the entity) for address parts. */
  readonly name: string;
  readonly candidates?: readonly string[];
  readonly fallback?: string | null;
  /** Short or everyday-word forms need a capital letter or a place word next to them. */
  readonly needsContext: boolean;
  /** A village's one-word name typed in lower case needs a place word next to it ("ойық" is a pothole). */
  readonly village?: boolean;
  /** For ambiguous forms: the places (streets, settlements, microdistricts...) that share the words. */
  readonly hidden?: readonly Form[];
}

export interface Gazetteer {
  readonly regionCode: string;
  /** District code of the region's capital (numbered city bus routes and microdistricts imply it). */
  readonly capital: string | null;
  readonly districts: readonly string[];
  readonly forms: readonly Form[];
  /** Forms by the first three letters of their first word (two for words of up to three letters). */
  readonly byPrefix: ReadonlyMap<string, readonly Form[]>;
}

export { placeKey } from '../text/fold.js';

export function formWords(text: string): string[] {
  return tokenize(text).map((t) => t.info.place);
}

/** Everyday words that are also place names: they count as places only with a capital or a place word. */
export const COMMON_WORDS: ReadonlySet<string> = new Set([
  'аса',
  'шу',
  'отар',
  'кайнар',
  'самал',
  'арай',
  'куат',
  'астана',
]);

const MICRO_MARKERS = ['мкр', 'микрорайон', 'шағынаудан', 'шағын аудан', 'ықшамаудан', 'ш/а'];

function addForm(
  out: Form[],
  seen: Set<string>,
  text: string,
  base: Omit<Form, 'words' | 'needsContext'>,
): void {
  const words = formWords(text);
  if (words.length === 0) return;
  const key = `${base.kind}|${base.district}|${words.join(' ')}`;
  if (seen.has(key)) return;
  seen.add(key);
  const needsContext = words.length === 1 && (words[0]!.length <= 3 || COMMON_WORDS.has(words[0]!));
  out.push({ ...base, words, needsContext });
}

export function buildGazetteer(file: GazetteerFile): Gazetteer {
  const forms: Form[] = [];
  const seen = new Set<string>();
  const region = { kind: 'region' as const, district: null, name: file.region.name.ru ?? file.region.code };
  for (const t of [file.region.name.ru, file.region.name.kk, file.region.name.en, ...file.region.aliases]) {
    if (t) addForm(forms, seen, t, region);
  }
  for (const d of file.districts) {
    const base = { kind: 'district' as const, district: d.code, name: d.name.ru ?? d.code };
    for (const t of [d.name.ru, d.name.kk, d.name.en, ...d.aliases]) if (t) addForm(forms, seen, t, base);
  }
  const places: [PlaceKind, readonly Place[]][] = [
    ['settlement', file.settlements],
    ['microdistrict', file.microdistricts],
    ['street', file.streets],
    ['landmark', file.landmarks],
  ];
  for (const [kind, list] of places) {
    for (const p of list) {
      const base = {
        kind,
        district: p.district,
        name: p.name.ru ?? p.name.kk ?? '',
        ...(p.kind === 'village' ? { village: true } : {}),
      };
      for (const t of [p.name.ru, p.name.kk, ...p.aliases]) if (t) addForm(forms, seen, t, base);
      if (kind !== 'microdistrict') continue;
      // "Самал мкр", "Жайлау шағынауданында": the marker after the name, written as one word or two.
      for (const n of [p.name.ru, p.name.kk]) {
        if (!n) continue;
        for (const marker of MICRO_MARKERS) addForm(forms, seen, `${n} ${marker}`, base);
      }
    }
  }
  const named = [...forms];
  for (const a of file.ambiguous) {
    const words = formWords(a.form).join(' ');
    addForm(forms, seen, a.form, {
      kind: 'ambiguous',
      district: null,
      name: a.form,
      candidates: a.candidates,
      fallback: a.default,
      hidden: named.filter((f) => f.district !== null && f.words.join(' ') === words),
    });
  }
  const byPrefix = new Map<string, Form[]>();
  for (const f of forms) {
    const first = f.words[0]!;
    const key = first.length <= 3 ? first.slice(0, 2) : first.slice(0, 3);
    const list = byPrefix.get(key) ?? [];
    list.push(f);
    byPrefix.set(key, list);
  }
  return {
    regionCode: file.region.code,
    capital: file.region.capital ?? null,
    districts: file.districts.map((d) => d.code),
    forms,
    byPrefix,
  };
}

export function loadGazetteer(path: string): Gazetteer {
  const file = JSON.parse(readFileSync(path, 'utf8')) as GazetteerFile;
  if (!Array.isArray(file.districts) || !file.region) throw new Error(`${path}: not a gazetteer file`);
  return buildGazetteer({
    ...file,
    settlements: file.settlements ?? [],
    microdistricts: file.microdistricts ?? [],
    streets: file.streets ?? [],
    landmarks: file.landmarks ?? [],
    ambiguous: file.ambiguous ?? [],
  });
}
