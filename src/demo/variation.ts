import { placeNote } from './notes.js';
import { formOf, type Place, type Places, type Script, type Voice } from './places.js';
import type { Rng } from './rng.js';

/**
 * Variations that make a few thousand labelled messages read like tens of thousands of different
 * people: another village of the same district, other house numbers and times, greetings, small typos.
 * Labels stay true: a place is only ever replaced by, or added as, a place of the message's district.
 */
const LETTER = 'A-Za-zА-Яа-яЁёӘәІіҢңҒғҮүҰұҚқӨөҺһÄäÖöÜüİıŞşĞğŪūÑñ';
const IS_LETTER = new RegExp(`[${LETTER}]`);
const KK_LETTERS = /[әіңғүұқөһӘІҢҒҮҰҚӨҺ]/;
const CYRILLIC = /[А-Яа-яЁё]/;

export function scriptOf(text: string, lang: string): Script {
  if (!CYRILLIC.test(text) && /[A-Za-z]/.test(text)) return 'latin';
  if (lang === 'kk' || KK_LETTERS.test(text)) return 'kk';
  return 'ru';
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** After a village name, these words mean it is part of a district, street or person's name. */
const NOT_A_VILLAGE_AFTER =
  /^\s*(аудан|район|district|audan|батыр|би(?![А-Яа-я])|көшес|кошес|даңғыл|street|avenue)/i;
const NOT_A_VILLAGE_BEFORE = /(ул\.|улица|улице|пр\.|проспект|район|им\.|имени)\s*$/i;

export interface Varied {
  readonly text: string;
  /** Places of the district the variation wrote into the text (swapped in or added). */
  readonly placed: readonly Place[];
  /** A structured address of the district ("с. Бурыл, ул. Абая, 12"), for the signal's address field. */
  readonly address: string | null;
}

function wholeWordAt(text: string, form: string): number[] {
  const out: number[] = [];
  if (!text.includes(form)) return out;
  const re = new RegExp(escapeRe(form), 'g');
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const before = text[m.index - 1];
    const after = text[m.index + form.length];
    if ((before === undefined || !IS_LETTER.test(before)) && (after === undefined || !IS_LETTER.test(after)))
      out.push(m.index);
  }
  return out;
}

interface Hit {
  readonly at: number;
  readonly length: number;
  readonly place: Place;
  readonly script: Script;
}

/** Whole-word occurrences of the places' forms, longest first where they overlap, in text order. */
function findHits(text: string, list: readonly Place[], accept: (h: Hit) => boolean): Hit[] {
  const hits: Hit[] = [];
  for (const place of list) {
    for (const script of ['ru', 'kk', 'latin'] as const) {
      const form = formOf(place, script);
      if (!form) continue;
      for (const at of wholeWordAt(text, form)) {
        const hit = { at, length: form.length, place, script };
        if (accept(hit)) hits.push(hit);
      }
    }
  }
  hits.sort((a, b) => a.at - b.at || b.length - a.length);
  const out: Hit[] = [];
  for (const h of hits) {
    const last = out[out.length - 1];
    if (!last || h.at >= last.at + last.length) out.push(h);
  }
  return out;
}

function replaceHits(text: string, hits: readonly Hit[], choose: (h: Hit) => Place | null) {
  const placed: Place[] = [];
  let out = text;
  for (const h of [...hits].reverse()) {
    const other = choose(h);
    const replacement = other ? (formOf(other, h.script) ?? other.ru) : null;
    if (!other || !replacement) continue;
    out = out.slice(0, h.at) + replacement + out.slice(h.at + h.length);
    placed.push(other);
  }
  return { text: out, placed };
}

/** Replaces villages of `district` named in the text by other villages of the same district. */
export function swapSettlements(text: string, district: string, places: Places, rng: Rng) {
  const hits = findHits(
    text,
    places.byDistrict.get(district)?.settlements ?? [],
    (h) =>
      !NOT_A_VILLAGE_AFTER.test(text.slice(h.at + h.length, h.at + h.length + 16)) &&
      !NOT_A_VILLAGE_BEFORE.test(text.slice(Math.max(0, h.at - 12), h.at)),
  );
  return replaceHits(text, hits, (h) => {
    const other = places.drawSettlement(rng, district, h.place);
    return other && formOf(other, h.script) ? other : null;
  });
}

const MICRO_MARKERS_BEFORE = /(мкр\.?|микрорайон[аеу]?|м-н|mkr)\s+$/i;
const MICRO_MARKERS_AFTER = /^\s+(шағын\s?аудан|ықшамаудан|шагын\s?аудан|ыкшамаудан)/i;

/** In a city: microdistricts (with their marker) become others of the same city. */
export function swapCityPlaces(text: string, district: string, places: Places, rng: Rng) {
  const micro = places.byDistrict.get(district)?.micro ?? [];
  const hits = findHits(
    text,
    micro,
    (h) =>
      MICRO_MARKERS_BEFORE.test(text.slice(Math.max(0, h.at - 14), h.at)) ||
      MICRO_MARKERS_AFTER.test(text.slice(h.at + h.length, h.at + h.length + 16)),
  );
  return replaceHits(text, hits, (h) => rng.pick(micro.filter((m) => m !== h.place)));
}

/** House, flat and school numbers, clock times and short durations take other plausible values. */
export function varyNumbers(text: string, rng: Rng): string {
  return text
    .replace(/(\b(?:д\.|дом|кв\.|№)\s?)(\d{1,3})\b/g, (_m, pre: string, n: string) => {
      const v = Number(n);
      return `${pre}${Math.max(1, v + rng.int(-Math.min(v - 1, 12), 15))}`;
    })
    .replace(/\b(\d{1,3})(-(?:үй|уй|пәтер|патер|мектеп|шағынаудан|мкр))/g, (_m, n: string, post: string) => {
      const v = Number(n);
      return `${Math.max(1, v + rng.int(-Math.min(v - 1, 9), 12))}${post}`;
    })
    .replace(/\b([01]?\d|2[0-3]):([0-5]\d)\b/g, () => {
      const h = rng.int(7, 22);
      return `${h}:${rng.pick(['00', '10', '15', '20', '30', '40', '45', '50'])}`;
    })
    .replace(
      /\b([2-9])(\s?(?:дн|день|дня|сут|час|недел|күн|кун|kün|kun|сағат|сагат|sağat|sagat|апта))/gi,
      (_m, _n: string, post: string) => `${rng.int(2, 9)}${post}`,
    );
}

/** English is written in Latin script too, but greeted in English. */
const voiceOf = (script: Script, lang: string): Voice => (lang === 'en' ? 'en' : script);

const GREETINGS: Record<Voice, readonly string[]> = {
  ru: [
    'Здравствуйте! ',
    'Здравствуйте. ',
    'Добрый день! ',
    'Добрый день. ',
    'Доброе утро. ',
    'Добрый вечер. ',
  ],
  kk: ['Сәлеметсіз бе! ', 'Сәлеметсіз бе. ', 'Қайырлы күн! ', 'Ассалаумағалейкум. ', 'Салеметсиз бе. '],
  latin: ['Salemetsiz be! ', 'Salem. ', 'Qaiyrly kün! '],
  en: ['Hello. ', 'Good afternoon. ', 'Hi, '],
};
const CLOSINGS: Record<Voice, readonly string[]> = {
  ru: [' Спасибо.', ' Заранее спасибо.', ' Ждём ответа.', ' Просим разобраться.', ' Помогите, пожалуйста.'],
  kk: [' Рахмет.', ' Алдын ала рахмет.', ' Жауап күтеміз.', ' Көмектесіңіздерші.'],
  latin: [' Rahmet.', ' Rakhmet.', ' Jauap kutemiz.'],
  en: [' Thank you.', ' Thanks in advance.', ' Please help.'],
};

/** The text with a sentence appended after its last one. */
function append(text: string, sentence: string): string {
  const t = text.replace(/\s+$/, '');
  return `${t}${/[.!?…)]$/.test(t) ? '' : '.'} ${sentence.trim()}`;
}
const GREETED = /^(здравств|добр|салем|сәлем|салам|ассалау|қайырлы|кайырлы|hello|salem|qaiyrly)/i;

function greet(text: string, voice: Voice, rng: Rng): string {
  let out = text;
  if (!GREETED.test(out) && rng.chance(0.3)) out = rng.pick(GREETINGS[voice]) + out;
  if (rng.chance(0.18)) out = append(out, rng.pick(CLOSINGS[voice]));
  return out;
}

const FOLD: Record<string, string> = {
  ә: 'а',
  і: 'и',
  ң: 'н',
  ғ: 'г',
  ү: 'у',
  ұ: 'у',
  қ: 'к',
  ө: 'о',
  һ: 'х',
  Ә: 'А',
  І: 'И',
  Ң: 'Н',
  Ғ: 'Г',
  Ү: 'У',
  Ұ: 'У',
  Қ: 'К',
  Ө: 'О',
  Һ: 'Х',
};

/** Kazakh typed on a Russian keyboard: the special letters become their nearest Russian ones. */
export function foldKazakh(text: string): string {
  return text.replace(/[әіңғүұқөһӘІҢҒҮҰҚӨҺ]/g, (c) => FOLD[c] ?? c);
}

/** One or two everyday slips in lower-case words (never in names, which are capitalised). */
export function typos(text: string, rng: Rng): string {
  const words = [...text.matchAll(new RegExp(`[${LETTER}]{6,}`, 'g'))].filter(
    (m) => m[0][0] === m[0][0]?.toLowerCase(),
  );
  let out = text;
  for (let k = rng.int(1, 2); k > 0 && words.length; k--) {
    const m = words.splice(rng.int(0, words.length - 1), 1)[0];
    if (!m || m.index === undefined) continue;
    const w = m[0];
    const i = rng.int(1, w.length - 3);
    const slip = rng.pick(['swap', 'drop', 'double'] as const);
    const changed =
      slip === 'swap'
        ? w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2)
        : slip === 'drop'
          ? w.slice(0, i) + w.slice(i + 1)
          : w.slice(0, i) + w[i] + w.slice(i);
    if (out.slice(m.index, m.index + w.length) === w)
      out = out.slice(0, m.index) + changed + out.slice(m.index + w.length);
  }
  if (rng.chance(0.3)) out = out.replace(/[.]\s*$/, '');
  return out;
}

/** How people type: ё as е, doubled or missing question marks, a lower-case start, an ellipsis. */
export function surface(text: string, rng: Rng): string {
  let out = text;
  if (out.includes('ё') && rng.chance(0.5)) out = out.replace(/ё/g, 'е');
  const r = rng.next();
  if (r < 0.08) out = out.replace(/\?\s*$/, '??');
  else if (r < 0.16) out = out.replace(/\?\s*$/, '');
  else if (r < 0.22) out = out.replace(/[.!]\s*$/, '...');
  if (rng.chance(0.08)) out = out.charAt(0).toLowerCase() + out.slice(1);
  return out;
}

export interface VaryOptions {
  /** Write a place of the district into the text when the text names none (otherwise only the address). */
  readonly writePlace: number;
}

/**
 * A fresh variant of a corpus text placed in `district`. When the text was written for that district its
 * places are swapped for others of the district; when it names no district, a place may be added.
 */
export function vary(
  source: { text: string; lang: string; district: string | null },
  district: string,
  places: Places,
  rng: Rng,
  options: VaryOptions = { writePlace: 0.5 },
): Varied {
  const script = scriptOf(source.text, source.lang);
  const voice = voiceOf(script, source.lang);
  let text = source.text;
  let placed: Place[] = [];
  let address: string | null = null;
  if (source.district === district) {
    if (rng.chance(0.75)) {
      const swap = places.isCity(district)
        ? swapCityPlaces(text, district, places, rng)
        : swapSettlements(text, district, places, rng);
      text = swap.text;
      placed = swap.placed;
    }
  } else if (source.district === null) {
    const note = placeNote(district, places, rng, voice);
    if (note) {
      address = note.address;
      if (rng.chance(options.writePlace)) {
        text = rng.chance(0.6) ? `${note.note} ${text}` : append(text, note.note);
        placed = [note.place];
      }
    }
  }
  text = varyNumbers(text, rng);
  text = greet(text, voice, rng);
  text = surface(text, rng);
  if (script === 'kk' && rng.chance(0.12)) text = foldKazakh(text);
  if (rng.chance(0.22)) text = typos(text, rng);
  return { text, placed, address };
}
