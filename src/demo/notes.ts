import { type Places, VILLAGE_STREETS, type Voice } from './places.js';
import type { Rng } from './rng.js';

const house = (rng: Rng) => rng.int(1, 160);

/** A place of `district` written as a short note before or after the message, and as an address. */
export function placeNote(district: string, places: Places, rng: Rng, voice: Voice) {
  const d = places.byDistrict.get(district);
  const info = places.district(district);
  if (!d || !info) return null;
  const n = house(rng);
  if (places.isCity(district) && d.micro.length) {
    const city = d.settlements[0];
    const cityRu = city?.ru ?? info.ru;
    const cityLatin = city?.latin ?? cityRu;
    const m = rng.pick(d.micro);
    const notes: Record<Voice, string[]> = {
      ru: [`${cityRu}, мкр ${m.ru}, д. ${n}.`, `мкр ${m.ru}, ${n}.`],
      kk: [`${city?.kk ?? info.kk}, ${m.kk} шағынауданы, ${n}-үй.`, `${m.kk} шағынауданы ${n}-үй.`],
      latin: [`${cityLatin}, mkr ${m.latin ?? m.ru}, ${n}.`],
      en: [`${cityLatin}, ${m.latin ?? m.ru} microdistrict, ${n}.`],
    };
    return { note: rng.pick(notes[voice]), address: `${cityRu}, мкр ${m.ru}, д. ${n}`, place: m };
  }
  const p = places.drawSettlement(rng, district);
  if (!p) return null;
  const [streetRu, streetKk, streetLatin] = rng.pick(VILLAGE_STREETS);
  const latin = p.latin ?? p.ru;
  const village = p.size === 'village';
  const [ru, kk, lat, en] = village
    ? ['с.', 'ауылы', 'auyly', 'village']
    : ['г.', 'қаласы', 'qalasy', 'town'];
  const notes: Record<Voice, string[]> = {
    ru: [`${ru} ${p.ru}.`, `${info.ru}, ${ru} ${p.ru}.`, `${ru} ${p.ru}, ул. ${streetRu} ${n}.`],
    kk: [`${p.kk} ${kk}.`, `${info.kk}, ${p.kk} ${kk}.`, `${p.kk} ${kk}, ${streetKk} көшесі ${n}.`],
    latin: [`${latin} ${lat}.`, `${latin}, ${streetLatin} koshesi ${n}.`],
    en: [`${latin} ${en}.`, `${latin}, ${streetLatin} street ${n}.`],
  };
  return { note: rng.pick(notes[voice]), address: `${ru} ${p.ru}, ул. ${streetRu}, ${n}`, place: p };
}
