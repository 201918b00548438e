import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_GAZETTEER } from '../paths.js';
import { tokenize } from '../text/tokens.js';
import { extractAddress } from './address.js';
import { type Gazetteer, loadGazetteer } from './gazetteer.js';
import { resolvePlace } from './resolve.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/gazetteer.json', import.meta.url));

const district = (g: Gazetteer, text: string) => resolvePlace(g, text, tokenize(text)).district;

/** Cases both the fixture and the real Zhambyl gazetteer must resolve. */
const SHARED: [string, string | null][] = [
  ['В Кордае нет света', 'kordai'],
  ['Қордай ауданында су жоқ', 'kordai'],
  ['Кордайского района акимат молчит', 'kordai'],
  ['в Кордайском районе', 'kordai'],
  ['Жанатаста газ жоқ', 'sarysu'],
  ['по Каратау автобусы не ходят', 'talas'],
  ['Шу қаласында жарық жоқ', 'shu'],
  ['Taraz qalasynda suw joq', 'taraz'],
  ['в мкр Жайлау д.3 нет воды', 'taraz'],
  ['Жайлау шағын ауданында', 'taraz'],
  ['Merkede jaryq joq', 'merke'],
  ['в Меркенском районе', 'merke'],
  ['Таразда жол жоқ', 'taraz'],
  ['город Тараз, ул. Абая', 'taraz'],
  ['в Жамбылском районе', 'zhambyl'],
  ['село Аса', 'zhambyl'],
  ['в Масанчи', 'kordai'],
  ['ул. Абая 12 в Кордае', 'kordai'],
  // The region is not a district; no place named means null.
  ['Жамбылская область, аким', null],
  ['Жамбыл облысы бойынша', null],
  ['аса қауіпті жағдай', null],
  ['Здравствуйте, когда дадут воду?', null],
  ['жайлау', null],
];

describe('gazetteer matching (fixture)', () => {
  const g = loadGazetteer(FIXTURE);
  it.each(SHARED)('%s -> %s', (text, expected) => {
    expect(district(g, text)).toBe(expected);
  });

  it('explains and scores what it found', () => {
    const r = resolvePlace(g, 'В Кордае нет света', tokenize('В Кордае нет света'));
    expect(r.confidence).toBeGreaterThan(0.9);
    expect(r.explain[0]).toContain('Кордае');
  });

  it('uses a street only as a weak hint', () => {
    const r = resolvePlace(g, 'ул. Абая 12', tokenize('ул. Абая 12'));
    expect(r.district).toBe('taraz');
    expect(r.confidence).toBeLessThan(0.7);
    expect(r.street).toBe('Абая');
  });
});

describe('gazetteer matching (data/regions/zhambyl)', () => {
  const g = loadGazetteer(DEFAULT_GAZETTEER);
  it.each<[string, string | null]>([
    ...SHARED,
    ['Луговой ауылында жарық жоқ', 'ryskulov'],
    ['в районе Т. Рыскулова', 'ryskulov'],
    ['Бәйзақ ауданы, Сарыкемер', 'baizak'],
    ['Мойынқұм ауданында', 'moiynkum'],
    ['Жуалы ауданы, Бауыржан Момышұлы ауылы', 'zhualy'],
    ['Самал 3, 12 үй, газ иісі', 'taraz'],
    ['Шу, ул. Кунаева 15', 'shu'],
    ['Каратау, мкр 2, батареи холодные', 'talas'],
    ['на Толе би возле школы провод оборвался', 'taraz'],
    ['Толе би ауылында кар тазаланбаган', 'shu'],
    ['Рейс Алматы — Тараз застрял на Кордайском перевале', 'kordai'],
    ['Интервал у 10-го маршрута по вечерам 40 минут', 'taraz'],
    ['Таразэнергоорталық выставил счёт', 'taraz'],
  ])('%s -> %s', (text, expected) => {
    expect(district(g, text)).toBe(expected);
  });
});

describe('address parts', () => {
  it.each<[string, Record<string, string>]>([
    ['ул. Абая 12, кв 5', { street: 'Абая', house: '12', flat: '5' }],
    ['Абай көшесі 12 үй', { street: 'Абай', house: '12' }],
    ['мкр Жайлау д.3', { microdistrict: 'Жайлау', house: '3' }],
    ['улица Толе би, дом 45, кв. 12', { street: 'Толе би', house: '45', flat: '12' }],
    ['на улице Сулейменова 7а уже 3 дня нет воды', { street: 'Сулейменова', house: '7а' }],
    ['Жайлау шағын ауданы, 15 үй, 24 пәтер', { microdistrict: 'Жайлау', house: '15', flat: '24' }],
    ['с. Масанчи, ул. Ленина 5', { settlement: 'Масанчи', street: 'Ленина', house: '5' }],
    ['пр. Жамбыла, 120/2 кв.45', { street: 'Жамбыла', house: '120/2', flat: '45' }],
    ['Abai köşesi 12', { street: 'Abai', house: '12' }],
    ['в Кордае нет света', {}],
    // A preposition before the marker is not the microdistrict's name.
    ['в мкр Аса нет воды', { microdistrict: 'Аса' }],
    ['около мкр. Аса', { microdistrict: 'Аса' }],
    ['в микрорайоне Жайлау', { microdistrict: 'Жайлау' }],
    ['в 3 мкр у дома 5', { microdistrict: '3', house: '5' }],
    ['мкрн Самал-2, д. 4', { microdistrict: 'Самал-2', house: '4' }],
    ['Аса мкр су жоқ', { microdistrict: 'Аса' }],
    ['весь мкр без света', {}],
    ['мкр. Жайлау, д. 3', { microdistrict: 'Жайлау', house: '3' }],
    ['ул. Толе би 12, кв 5', { street: 'Толе би', house: '12', flat: '5' }],
    ['Абай көшесі 5-үй', { street: 'Абай', house: '5' }],
    ['Абай көшесі 5 үй 12 пәтер', { street: 'Абай', house: '5', flat: '12' }],
    // A number before a Russian marker belongs to the part before it: flat 10, not 5.
    ['ул Сулейменова д 5 кв 10', { street: 'Сулейменова', house: '5', flat: '10' }],
    ['кв 12 дом 5', { house: '5', flat: '12' }],
    ['Тараз қаласы, Аса шағын ауданы, 7 үй', { microdistrict: 'Аса', house: '7' }],
    ['Tole bi köşesi 12 üi', { street: 'Tole bi', house: '12' }],
    // A number before the marker numbers the microdistrict; after it, a house.
    ['Жители дома 8 в 3 мкр Каратау', { house: '8', microdistrict: '3' }],
    ['Жанатас, 3 мкр. Котельная остановилась', { microdistrict: '3' }],
    ['Астана мкр 14 үй, батареялар суық', { microdistrict: 'Астана', house: '14' }],
    ['Тараз, Талас мкр. КСК-ге шағым бердім', { microdistrict: 'Талас' }],
    ['Детский сад №52 мкр Карасу', { microdistrict: 'Карасу' }],
    ['Когда в новом микрорайоне дадут тепло?', {}],
  ])('%s', (text, expected) => {
    expect(extractAddress(text)).toEqual(expected);
  });
});
