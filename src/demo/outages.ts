import type { Topic } from '../shared/taxonomy.js';
import { type Place, type Places, VILLAGE_STREETS } from './places.js';
import type { Rng } from './rng.js';

/**
 * A developing outage: one street (or microdistrict) of one place loses water, power, gas or heat, and
 * more and more people write about it, in Russian and Kazakh, from different channels.
 */
export interface Outage {
  readonly topic: 'water' | 'electricity' | 'gas' | 'heating';
  readonly district: string;
  /** The village or town, or the city's microdistrict. */
  readonly place: Place;
  readonly city: Place | null;
  readonly street: readonly [string, string, string] | null;
}

export function drawOutage(places: Places, rng: Rng, month: number, district?: string): Outage | null {
  const d = district ? places.district(district) : places.drawDistrict(rng);
  if (!d) return null;
  const winter = month <= 2 || month >= 10;
  const topic = rng.pick(
    winter
      ? (['water', 'electricity', 'gas', 'heating', 'heating'] as const)
      : (['water', 'water', 'electricity'] as const),
  );
  const entry = places.byDistrict.get(d.code);
  if (places.isCity(d.code) && entry?.micro.length) {
    return {
      topic,
      district: d.code,
      place: rng.pick(entry.micro),
      city: entry.settlements[0] ?? null,
      street: null,
    };
  }
  const place = places.drawSettlement(rng, d.code);
  return place ? { topic, district: d.code, place, city: null, street: rng.pick(VILLAGE_STREETS) } : null;
}

type Voice = 'ru' | 'kk' | 'latin' | 'mixed';

const PHRASES: Record<Outage['topic'], Record<Voice, readonly string[]>> = {
  water: {
    ru: [
      '{loc}, {house}. С утра нет воды. Когда дадут?',
      'Нет воды уже {hours} часа. {loc}. Никто ничего не объясняет',
      '{loc} — опять без воды! Дети, старики, хоть бы воду подвезли',
      'У нас тоже нет холодной воды, {loc}, {house}',
      'На {short} авария? Воды нет с {time}',
      '{loc}: воды нет во всём доме и у соседей. Сколько можно?',
    ],
    kk: [
      '{loc}, {house}. Таңертеңнен бері су жоқ. Қашан береді?',
      'Су жоқ {hours} сағат болды. {loc}. Ешкім ештеңе айтпайды',
      '{loc} — тағы да сусыз отырмыз! Балалар бар, су тасып жүрміз',
      'Бізде де су жоқ, {loc}, {house}',
      '{loc}: бүкіл көшеде су жоқ. Апат па, жоспарлы ма?',
    ],
    latin: ['{loc} su joq tañerteñnen beri. Qashan beredi?', 'Su joq {hours} sagat boldy, {loc}'],
    mixed: ['{loc} су жоқ с утра, когда дадут?', 'Вода жоқ {hours} часа уже, {loc}. Балалар бар'],
  },
  electricity: {
    ru: [
      '{loc}, {house}. Нет света с {time}. Что случилось?',
      'Света нет уже {hours} часа, {loc}. Холодильники текут',
      '{loc} — опять отключили свет без предупреждения!',
      'У нас на {short} тоже нет света, весь квартал тёмный',
      '{loc}: хлопнуло на трансформаторе и пропал свет во всех домах',
    ],
    kk: [
      '{loc}, {house}. Сағат {time}-дан бері жарық жоқ. Не болды?',
      'Жарық жоқ {hours} сағат болды, {loc}. Тоңазытқыштар ағып жатыр',
      '{loc} — тағы да ескертусіз жарықты өшірді!',
      'Бізде де жарық жоқ, {loc}, бүкіл көше қараңғы',
    ],
    latin: ['{loc} jaryq joq {hours} sagat boldy', 'Jaryq qashan beriledi? {loc}'],
    mixed: ['{loc} свет жоқ уже {hours} часа', 'Жарық жоқ, {loc}, когда включат?'],
  },
  gas: {
    ru: [
      '{loc}, {house}. Пропал газ, котёл не включается. Что случилось?',
      'Газа нет с {time}, {loc}. Дома маленькие дети, холодно',
      '{loc} — нет газа во всех домах улицы. Когда дадут?',
      'У нас тоже нет газа, {loc}',
    ],
    kk: [
      '{loc}, {house}. Газ жоқ, қазандық жанбай тұр. Не болды?',
      'Сағат {time}-дан бері газ жоқ, {loc}. Үйде кішкентай балалар бар, суық',
      '{loc} — көшедегі барлық үйде газ жоқ. Қашан береді?',
    ],
    latin: ['{loc} gaz joq, qashan beredi?'],
    mixed: ['{loc} газ жоқ с утра, котел не работает'],
  },
  heating: {
    ru: [
      '{loc}, {house}. Батареи ледяные с ночи, в квартире 14 градусов',
      'Отопления нет уже {hours} часа, {loc}. Дети мёрзнут',
      '{loc} — опять нет тепла во всём доме!',
      'У нас тоже холодные батареи, {loc}, {house}',
    ],
    kk: [
      '{loc}, {house}. Түннен бері батареялар суық, пәтерде 14 градус',
      'Жылу жоқ {hours} сағат болды, {loc}. Балалар тоңып отыр',
      '{loc} — бүкіл үйде тағы жылу жоқ!',
    ],
    latin: ['{loc} jylu joq, batareialar suyq'],
    mixed: ['{loc} жылу жоқ, батареи холодные уже {hours} часа'],
  },
};

function location(o: Outage, voice: Voice): { loc: string; short: string } {
  const p = o.place;
  if (o.city) {
    const c = o.city;
    if (voice === 'kk') return { loc: `${c.kk}, ${p.kk} шағынауданы`, short: `${p.kk} шағынауданы` };
    if (voice === 'latin')
      return { loc: `${c.latin ?? c.ru}, mkr ${p.latin ?? p.ru}`, short: `mkr ${p.latin ?? p.ru}` };
    return { loc: `${c.ru}, мкр ${p.ru}`, short: `мкр ${p.ru}` };
  }
  const [ru, kk, latin] = o.street ?? ['Абая', 'Абай', 'Abai'];
  const village = p.size === 'village';
  if (voice === 'kk')
    return { loc: `${p.kk} ${village ? 'ауылы' : 'қаласы'}, ${kk} көшесі`, short: `${kk} көшесі` };
  if (voice === 'latin')
    return {
      loc: `${p.latin ?? p.ru} ${village ? 'auyly' : 'qalasy'}, ${latin} koshesi`,
      short: `${latin} koshesi`,
    };
  return { loc: `${village ? 'с.' : 'г.'} ${p.ru}, ул. ${ru}`, short: `ул. ${ru}` };
}

/** One person's message about the outage, with the labels it carries. */
export function outageMessage(o: Outage, rng: Rng, hoursSoFar: number) {
  const voice = rng.pick(['ru', 'ru', 'kk', 'kk', 'latin', 'mixed'] as const);
  const { loc, short } = location(o, voice);
  const n = rng.int(1, 90);
  const house = voice === 'kk' || voice === 'latin' ? `${n}-үй` : `д. ${n}`;
  const text = rng
    .pick(PHRASES[o.topic][voice])
    .replace('{loc}', loc)
    .replace('{short}', short)
    .replace('{house}', house)
    .replace('{hours}', String(Math.max(2, Math.round(hoursSoFar))))
    .replace('{time}', `${rng.int(5, 9)}:${rng.pick(['00', '30'])}`);
  return {
    text,
    lang: voice === 'latin' ? 'kk' : voice,
    kind: 'incident' as const,
    topic: o.topic as Topic,
    sentiment: 'negative',
    district: o.district,
    urgency: hoursSoFar > 12 ? 'critical' : 'high',
  };
}
