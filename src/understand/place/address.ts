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
const HOUSE = new RegExp(
  `(?<![\\p{L}])(?:д|дом[а-я]*|үй|уй)\\.?\\s*№?\\s*(${NUM})(?![\\d.])|(?<![\\d\\p{L}])(${NUM})\\s*-?\\s*(?:үй|уй|дом)(?![\\p{L}])`,
  'iu',
);
const FLAT =
  /(?<![\p{L}])(?:кв|квартир[а-я]*|кв-ра|пәтер\p{L}*|патер\p{L}*|flat|apt)\.?\s*№?\s*(\d{1,4})(?!\d)|(?<![\d\p{L}/])(\d{1,4})\s*-?\s*(?:пәтер|патер|кв)(?![\p{L}])/iu;
const MICRO = new RegExp(
  `(?<![\\p{L}])(?:мкр|микрорайон[а-я]*|м-н|ш/а|mkr)\\.?\\s*(${L}|\\d{1,3})|(?<![\\p{L}])(${L}|\\d{1,3})\\s*-?\\s*(?:ықшам\\s?аудан\\p{L}*|ыкшам\\s?аудан\\p{L}*|шағын\\s?аудан\\p{L}*|шагын\\s?аудан\\p{L}*|мкр|микрорайон\\p{L}*)`,
  'iu',
);
const SETTLEMENT = new RegExp(
  `(?<![\\p{L}])(?:с\\.|село|селе|пос\\.|посел[её]к[а-я]*|п\\.|ауыл[ыдн]?\\p{L}*)\\s*(${L})`,
  'iu',
);

const STOP = /^(?:д|дом|кв|в|на|у|и|около|возле|нет|уже|есть|третий|второй|номер|no|үй)$/i;

const NAME_PART = /^(?:би|батыр|батыра|хан|хана|ана|ата|аулие|баба)$/i;

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

/** The address parts a message states; empty when it states none. */
/** Cheap tests that a marker is present at all, so the full patterns run only where they can match. */
const HINT = {
  before: /улиц|ул\.|ул |пр\.|пр-т|просп|переул|пер\.|бульвар|б-р|шоссе|тупик|проезд/i,
  after: /көше|коше|даңғыл|дангыл|k[öo]şe|k[oó]she|street|str\.|avenue|dañğyl/i,
  house: /д\.|д |дом|үй|уй/i,
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
    const h = HOUSE.exec(text);
    if (h) a.house = (h[1] ?? h[2])!.replace(/\s+/g, '');
  }
  const f = HINT.flat.test(text) ? FLAT.exec(text) : null;
  if (f) a.flat = f[1] ?? f[2];
  const mk = HINT.micro.test(text) ? MICRO.exec(text) : null;
  if (mk) a.microdistrict = mk[1] ?? mk[2];
  const s = HINT.settlement.test(text) ? SETTLEMENT.exec(text) : null;
  if (s && !/^\d/.test(s[1]!)) a.settlement = s[1];
  return a;
}
