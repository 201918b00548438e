import type { Channel } from '../shared/taxonomy.js';
import type { Rng } from './rng.js';

/**
 * Pseudonymous demo people: common Kazakh and Russian first names only (no surnames, no real person),
 * and contact details that are realistic in form and obviously fake (+7 7xx 000 xx xx, example.com).
 */
export const FIRST_NAMES: ReadonlyArray<readonly [string, string]> = [
  ['Айгерим', 'aigerim'],
  ['Айгуль', 'aigul'],
  ['Асель', 'asel'],
  ['Алия', 'aliya'],
  ['Динара', 'dinara'],
  ['Жанар', 'zhanar'],
  ['Гульнара', 'gulnara'],
  ['Сауле', 'saule'],
  ['Мадина', 'madina'],
  ['Камила', 'kamila'],
  ['Акмарал', 'akmaral'],
  ['Назерке', 'nazerke'],
  ['Жансая', 'zhansaya'],
  ['Гульмира', 'gulmira'],
  ['Ерлан', 'erlan'],
  ['Нурлан', 'nurlan'],
  ['Асхат', 'askhat'],
  ['Бауыржан', 'bauyrzhan'],
  ['Данияр', 'daniyar'],
  ['Ерболат', 'erbolat'],
  ['Жандос', 'zhandos'],
  ['Айбек', 'aibek'],
  ['Арман', 'arman'],
  ['Марат', 'marat'],
  ['Серик', 'serik'],
  ['Нуржан', 'nurzhan'],
  ['Санжар', 'sanzhar'],
  ['Ержан', 'erzhan'],
  ['Руслан', 'ruslan'],
  ['Дмитрий', 'dmitry'],
  ['Сергей', 'sergey'],
  ['Андрей', 'andrey'],
  ['Виктор', 'viktor'],
  ['Александр', 'aleksandr'],
  ['Ольга', 'olga'],
  ['Наталья', 'natalya'],
  ['Елена', 'elena'],
  ['Татьяна', 'tatyana'],
  ['Ирина', 'irina'],
  ['Светлана', 'svetlana'],
  ['Людмила', 'lyudmila'],
  ['Оксана', 'oksana'],
];

/** Mobile prefixes of Kazakhstan; the demo numbers all sit in the unused 000 block of each. */
const PREFIXES = ['700', '701', '702', '705', '707', '708', '747', '771', '775', '776', '777', '778'];
export const PHONE_CAPACITY = PREFIXES.length * 10_000;

/** The n-th demo phone in E.164, unique for n < PHONE_CAPACITY: +7 7xx 000 xx xx. */
export function demoPhone(n: number): string {
  const prefix = PREFIXES[Math.floor(n / 10_000) % PREFIXES.length] ?? '700';
  const suffix = (n * 7919 + 1234) % 10_000;
  return `+7${prefix}000${String(suffix).padStart(4, '0')}`;
}

/** +77000001234 → +7 700 000 12 34 */
export function printedPhone(e164: string): string {
  const d = e164.replace(/^\+7/, '');
  return `+7 ${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6, 8)} ${d.slice(8, 10)}`;
}

export interface DemoAuthor {
  readonly externalUserId: string;
  readonly displayName: string | null;
  readonly username: string | null;
  readonly phone: string | null;
  readonly email: string | null;
}

/** The n-th demo person of a channel, in the shape that channel gives us. */
export function demoAuthor(channel: Channel, n: number, rng: Rng): DemoAuthor {
  const [name, latin] = rng.pick(FIRST_NAMES);
  const tag = String(rng.int(10, 99));
  switch (channel) {
    case 'call_center':
      return {
        externalUserId: demoPhone(n),
        displayName: name,
        username: null,
        phone: demoPhone(n),
        email: null,
      };
    case 'whatsapp': {
      const phone = demoPhone(n);
      return { externalUserId: phone.slice(1), displayName: name, username: null, phone, email: null };
    }
    case 'telegram':
      return {
        externalUserId: String(6_100_000_000 + n * 37),
        displayName: name,
        username: rng.chance(0.6) ? `${latin}_${tag}` : null,
        phone: null,
        email: null,
      };
    case 'instagram':
      return {
        externalUserId: `1784100${String(n).padStart(8, '0')}`,
        displayName: null,
        username: `${latin}.${tag}`,
        phone: null,
        email: null,
      };
    case 'facebook':
      return {
        externalUserId: `1000${String(n).padStart(11, '0')}`,
        displayName: name,
        username: null,
        phone: null,
        email: null,
      };
    case 'vk':
      return {
        externalUserId: String(700_000_000 + n),
        displayName: name,
        username: null,
        phone: null,
        email: null,
      };
    default:
      return {
        externalUserId: `${channel}-${n}`,
        displayName: name,
        username: null,
        phone: rng.chance(0.5) ? demoPhone(n) : null,
        email: `${latin}.${n}@example.com`,
      };
  }
}
