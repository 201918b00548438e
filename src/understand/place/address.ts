/** Address parts typed in a message: "ул. Абая 12, кв 5", "Абай көшесі 12 үй", "мкр Жайлау д.3". */
export interface Address {
  street?: string;
  house?: string;
  flat?: string;
  microdistrict?: string;
  settlement?: string;
}

const L = "[\\p{L}][\\p{L}\\-’']*";
const NAME = `${L}(?:\\.? ?${L}){0,2}`;
const NUM = '\\d{1,4}(?:-?[а-яa-zәіқ](?![\\p{L}]))?(?:\\s?[/\\\\]\\s?\\d{1,4})?';

const STREET_BEFORE = new RegExp(
  `(?<![\\p{L}])(?:улиц[аеуы]|ул|проспект[а-я]*|просп|пр-?т|пр|переул[а-я]*|пер|бульвар[а-я]*|б-р|шоссе|тупик[а-я]*|проезд[а-я]*)(?:\\.\\s*|\\s+)(${NAME})(?=$|[\\s,.;:!?)\\d])`,
  'iu',
);
const STREET_AFTER = new RegExp(
  `(?<![\\p{L}])(${NAME})\\s+(?:көшес[іи]\\p{L}*|кошес[иі]\\p{L}*|даңғыл\\p{L}*|дангыл\\p{L}*|k[öo]şes[iı]\\p{L}*|k[oó]shes[iı]\\p{L}*|street|str\\.|avenue|dañğyl\\p{L}*)`,
  'iu',
);
const HOUSE_AFTER_STREET = new RegExp(`^[\\s,]*(?:(?:д|дом|үй|уй|h)\\.?\\s*)?№?\\s*(${NUM})(?![\\d.])`, 'iu');
/** Russian markers come before the number ("д. 5", "кв 12"): tried first, so "12 кв 5" is flat 5. */
const HOUSE_BEFORE = new RegExp(`(?<![\\p{L}])(?:д|дом[а-я]*)\\.?\\s*№?\\s*(${NUM})(?![\\d.])`, 'iu');
/** Kazakh markers follow the number ("5-үй", "12 пәтер"), so "5 үй 12 пәтер" is house 5, flat 12. */
const HOUSE_AFTER = new RegExp(`(?<![\\d\\p{L}])(${NUM})\\s*-?\\s*(?:үй|уй|üi|ui|дом)(?![\\p{L}])`, 'iu');
const HOUSE_KK_BEFORE = new RegExp(`(?<![\\p{L}])(?:үй|уй)\\.?\\s*№?\\s*(${NUM})(?![\\d.])`, 'iu');
const FLAT_BEFORE = /(?<![\p{L}])(?:кв|квартир[а-я]*|кв-ра|flat|apt)\.?\s*№?\s*(\d{1,4})(?!\d)/iu;
const FLAT_AFTER = /(?<![\d\p{L}/])(\d{1,4})\s*-?\s*(?:пәтер|патер|кв)(?![\p{L}])/iu;
const FLAT_KK_BEFORE = /(?<![\p{L}])(?:пәтер\p{L}*|патер\p{L}*)\.?\s*№?\s*(\d{1,4})(?!\d)/iu;
/** A microdistrict's name: "Аса", "Самал-2", "5". */
const MNAME =
  "\\p{L}[\\p{L}’']*(?:-(?:\\d{1,2}|\\p{L}[\\p{L}’']*))?|\\d{1,3}(?![\\d\\p{L}])(?:-[\\p{L}]{1,4})?";
/** "мкр Аса", "микрорайоне Жайлау", "мкрн 5". */
const MICRO_BEFORE = new RegExp(
  `(?<![\\p{L}])(?:мкрн?|микрорайон[а-я]*|м-н|ш/а|mkr)(?![\\p{L}])\\.?\\s*(${MNAME})`,
  'giu',
);
/** "Жайлау шағын ауданы", "Аса мкр-де", "3 мкр". */
const MICRO_AFTER = new RegExp(
  `(?<![\\p{L}])(${MNAME})\\s*-?\\s*(?:ықшам\\s?аудан\\p{L}*|ыкшам\\s?аудан\\p{L}*|шағын\\s?аудан\\p{L}*|шагын\\s?аудан\\p{L}*|mkr|мкрн?|микрорайон\\p{L}*)`,
  'giu',
);
/** Words that stand next to a microdistrict marker without being its name ("в мкр Аса", "весь мкр без света"). */
const NOT_MICRO =
  /^(?:в|во|на|у|по|к|ко|с|со|из|от|до|за|под|при|про|для|без|около|возле|рядом|напротив|район[а-я]*|весь|всём|всем|наш|нашем|нашего|этом|этот|том|тот|каждом|целый|целом|и|или|тоже|уже|все|нет|где|мен|және|барлық|бүкіл|біздің|осы|сол|the|in|our)$/i;

/** A number right after the marker that is a house or a street ("Астана мкр 14 үй", "мкр 5 көшеде"). */
const HOUSE_OR_STREET_NEXT =
  /^\s*(?:-?\s*(?:үй|уй|дом|д\.|кв|пәтер|көше|коше|ул)|\s*-?(?:ші|шы|інші|ыншы)?\s*(?:көше|коше))/iu;
/** Words that number something else ("№52 мкр Карасу" is a kindergarten, "дом 5 мкр Аса" a house). */
const NUMBERED_BEFORE = /(?:№|(?<!\p{L})д\.?|дом|кв\.?|үй|сад[а-я]*|школ[а-я]*)\s*$/iu;

interface MicroMatch {
  readonly name: string;
  readonly index: number;
  readonly end: number;
}

/**
 * The first match of a global pattern (marker `before` or `after` the name) whose name is not a
 * preposition or a similar word and, in a text that uses capitals at all, starts with a capital or a digit.
 */
function firstName(
  re: RegExp,
  side: 'before' | 'after',
  text: string,
  caps: boolean,
): MicroMatch | undefined {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const name = m[1]!;
    const ok = /^\d/.test(name) || !caps || name[0] !== name[0]!.toLowerCase();
    if (ok && !NOT_MICRO.test(name)) {
      // The name ends the match when the marker comes first, and starts it otherwise.
      const start = side === 'before' ? m.index + m[0].length - name.length : m.index;
      return { name, index: start, end: start + name.length };
    }
    re.lastIndex = m.index + 1;
  }
  return undefined;
}

/** The microdistrict a message names, from the marker's two sides ("мкр Аса", "Аса мкр", "3 мкр"). */
function microdistrict(text: string): string | undefined {
  const caps = /\p{Lu}/u.test(text);
  let before = firstName(MICRO_BEFORE, 'before', text, caps);
  const after = firstName(MICRO_AFTER, 'after', text, caps);
  // "мкр 14 үй": the number after the marker is the house.
  if (before && /^\d/.test(before.name) && HOUSE_OR_STREET_NEXT.test(text.slice(before.end)))
    before = undefined;
  const num = (m: MicroMatch) => m.name.replace(/-\p{L}+$/u, '');
  if (!after) return before?.name;
  const afterIsNumber = /^\d/.test(after.name);
  // "3 мкр Каратау", "Жанатас, 3 мкр. Котельная…": a number before the marker numbers the microdistrict,
  // unless it numbers a house, a school or a kindergarten.
  if (afterIsNumber && !NUMBERED_BEFORE.test(text.slice(0, after.index))) return num(after);
  if (!before) return afterIsNumber ? undefined : after.name;
  // "Талас мкр. КСК-ге жаздым": the marker's dot ended a sentence after the name.
  if (after.index < before.index && /\.\s+$/.test(text.slice(after.end, before.index))) return after.name;
  return /^\d/.test(before.name) ? num(before) : before.name;
}

const SETTLEMENT = new RegExp(
  `(?<![\\p{L}])(?:с\\.|село|селе|пос\\.|посел[её]к[а-я]*|п\\.|ауыл[ыдн]?\\p{L}*)\\s*(${L})`,
  'iu',
);

const STOP = /^(?:д|дом|кв|в|на|у|и|около|возле|нет|уже|есть|третий|второй|номер|no|үй)$/i;

const NAME_PART =
  /^(?:би|батыр|батыра|хан|хана|ана|ата|аулие|баба|bi|batyr|han|khan|ana|ata|auliye|aulie|baba)$/i;

function cleanName(raw: string): string | undefined {
  const words = raw.split(/\s+/).filter(Boolean);
  const kept: string[] = [];
  for (const w of words) {
    if (STOP.test(w.replace(/\.$/, ''))) break;
    if (kept.length > 0 && w[0] === w[0]!.toLowerCase() && !NAME_PART.test(w)) break;
    kept.push(w);
  }
  const name = kept.join(' ').replace(/[.,]+$/, '');
  return name.length >= 2 ? name : undefined;
}

/** Cheap tests that a marker is present at all, so the full patterns run only where they can match. */
const HINT = {
  before: /улиц|ул\.|ул |пр\.|пр-т|просп|переул|пер\.|бульвар|б-р|шоссе|тупик|проезд/i,
  after: /көше|коше|даңғыл|дангыл|k[öo]şe|k[oó]she|street|str\.|avenue|dañğyl/i,
  house: /д\.|д |дом|үй|уй|üi|ui/i,
  flat: /кв|пәтер|патер|flat|apt/i,
  micro: /мкр|микрорайон|м-н|ш\/а|mkr|ықшам|ыкшам|шағын|шагын/i,
  settlement: /с\.|село|селе|пос|п\.|ауыл/i,
};

/** Runs `re` only on the text around the first marker `hint` finds (up to 60 characters before it). */
function near(re: RegExp, hint: RegExp, text: string): RegExpExecArray | null {
  const h = hint.exec(text);
  if (!h) return null;
  const from = Math.max(0, h.index - 60);
  const m = re.exec(text.slice(from, h.index + 40));
  if (m) m.index += from;
  return m;
}

/** The address parts a message states; empty when it states none. */
export function extractAddress(text: string): Address {
  const a: Address = {};
  const before = HINT.before.test(text) ? STREET_BEFORE.exec(text) : null;
  const after = before ? null : near(STREET_AFTER, HINT.after, text);
  const m = before ?? after;
  if (m) {
    const street = cleanName(m[1]!);
    if (street) a.street = street;
    const nameAt = m.index + m[0].indexOf(m[1]!);
    const rest = text.slice(before && street ? nameAt + street.length : m.index + m[0].length);
    const house = HOUSE_AFTER_STREET.exec(rest);
    if (house) a.house = house[1]!.replace(/\s+/g, '');
  }
  if (!a.house && HINT.house.test(text)) {
    const h = HOUSE_BEFORE.exec(text) ?? HOUSE_AFTER.exec(text) ?? HOUSE_KK_BEFORE.exec(text);
    if (h) a.house = h[1]!.replace(/\s+/g, '');
  }
  const f = HINT.flat.test(text)
    ? (FLAT_BEFORE.exec(text) ?? FLAT_AFTER.exec(text) ?? FLAT_KK_BEFORE.exec(text))
    : null;
  if (f) a.flat = f[1];
  if (HINT.micro.test(text)) {
    const mk = microdistrict(text);
    if (mk) a.microdistrict = mk;
  }
  const s = HINT.settlement.test(text) ? SETTLEMENT.exec(text) : null;
  if (s && !/^\d/.test(s[1]!)) a.settlement = s[1];
  return a;
}
