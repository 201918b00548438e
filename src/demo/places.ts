import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { type Rng, Weighted } from './rng.js';

const names = z.object({ ru: z.string(), kk: z.string() });
const named = z.object({ name: names, district: z.string(), aliases: z.array(z.string()).default([]) });
const file = z.object({
  districts: z.array(
    z.object({
      code: z.string(),
      name: names,
      population: z.number(),
      centre: names.optional(),
      lat: z.number().nullable().optional(),
      lon: z.number().nullable().optional(),
    }),
  ),
  settlements: z.array(
    named.extend({
      kind: z.string().default('village'),
      population: z.number().nullable().optional(),
      lat: z.number().nullable().optional(),
      lon: z.number().nullable().optional(),
    }),
  ),
  microdistricts: z.array(named).default([]),
  streets: z.array(named).default([]),
  ambiguous: z.array(z.object({ form: z.string(), candidates: z.array(z.string()) })).default([]),
});

export type Script = 'ru' | 'kk' | 'latin';
/** How a message is written, for greetings and notes: English is Latin script too, but not Kazakh. */
export type Voice = Script | 'en';

/** A named place the generator may write into a message. */
export interface Place {
  readonly kind: 'settlement' | 'microdistrict' | 'street';
  readonly district: string;
  readonly ru: string;
  readonly kk: string;
  /** An everyday Latin spelling (for messages typed in Latin script), when the gazetteer has one. */
  readonly latin: string | null;
  /** village, town, city (settlements only): a town is only ever swapped for a town. */
  readonly size: string;
  readonly weight: number;
  readonly lat: number | null;
  readonly lon: number | null;
}

export interface DistrictInfo {
  readonly code: string;
  readonly ru: string;
  readonly kk: string;
  readonly population: number;
  /** "в Байзакском районе" / "Бәйзақ ауданында": where something happens, for news leads. */
  readonly inRu: string;
  readonly inKk: string;
}

export function formOf(p: Place, script: Script): string | null {
  return script === 'latin' ? p.latin : script === 'kk' ? p.kk : p.ru;
}

const ASCII_WORD = /^[A-Za-z][A-Za-z-]+$/;
function latinOf(aliases: readonly string[]): string | null {
  const ascii = aliases.filter((a) => ASCII_WORD.test(a));
  return ascii.find((a) => !/j/i.test(a)) ?? ascii[0] ?? null;
}

function locativeRu(name: string): string {
  const m = /^(.*)ский район$/.exec(name);
  if (m) return `в ${m[1]}ском районе`;
  if (name.startsWith('район ')) return `в районе ${name.slice('район '.length)}`;
  return `в ${name}`;
}

function locativeKk(name: string): string {
  return /[ыі]$/.test(name) ? `${name}нда` : `${name}да`;
}

/**
 * The region's gazetteer as the demo needs it: districts with population, and for each district the
 * places that name it unambiguously (villages, and the capital's microdistricts and streets).
 */
export class Places {
  readonly districts: DistrictInfo[];
  readonly byDistrict = new Map<string, { settlements: Place[]; micro: Place[]; streets: Place[] }>();
  /** Forms that name more than one place of the region: never written into a message. */
  readonly ambiguous: ReadonlySet<string>;
  private readonly districtDraw: Weighted<DistrictInfo>;

  constructor(regionDir: string) {
    const g = file.parse(JSON.parse(readFileSync(join(regionDir, 'gazetteer.json'), 'utf8')));
    this.ambiguous = new Set(g.ambiguous.map((a) => a.form.toLowerCase()));
    this.districts = g.districts.map((d) => ({
      code: d.code,
      ru: d.name.ru,
      kk: d.name.kk,
      population: d.population,
      inRu: locativeRu(d.name.ru),
      inKk: locativeKk(d.name.kk),
    }));
    this.districtDraw = new Weighted(
      this.districts,
      this.districts.map((d) => d.population),
    );
    for (const d of this.districts) this.byDistrict.set(d.code, { settlements: [], micro: [], streets: [] });
    const clean = (ru: string, kk: string, latin: string | null) =>
      ![ru, kk, latin].some((f) => f !== null && this.ambiguous.has(f.toLowerCase()));
    for (const s of g.settlements) {
      const latin = latinOf(s.aliases);
      if (!clean(s.name.ru, s.name.kk, null)) continue;
      this.byDistrict.get(s.district)?.settlements.push({
        kind: 'settlement',
        district: s.district,
        ru: s.name.ru,
        kk: s.name.kk,
        latin,
        size: s.kind,
        weight: s.population ?? 1000,
        lat: s.lat ?? null,
        lon: s.lon ?? null,
      });
    }
    // Microdistrict names are ambiguous when bare and resolve with a marker (мкр, шағынауданы); those
    // that also name a place of another district (Каратау, Талас…) are left out.
    const otherDistrict = new Map<string, string[]>(
      g.ambiguous.map((a) => [a.form.toLowerCase(), a.candidates]),
    );
    const foreign = (form: string, district: string) =>
      (otherDistrict.get(form.toLowerCase()) ?? []).some((c) => c !== district);
    for (const m of g.microdistricts) {
      if (foreign(m.name.ru, m.district) || foreign(m.name.kk, m.district)) continue;
      this.byDistrict.get(m.district)?.micro.push({
        kind: 'microdistrict',
        district: m.district,
        ru: m.name.ru,
        kk: m.name.kk,
        latin: latinOf(m.aliases.map((a) => a.replace(/^mkr /, ''))),
        size: 'microdistrict',
        weight: 1,
        lat: null,
        lon: null,
      });
    }
    const settlementWords = g.settlements.map((s) => s.name.ru);
    for (const s of g.streets) {
      const mentionsPlace = settlementWords.some((w) => s.name.ru.includes(w) || s.name.kk.includes(w));
      if (mentionsPlace || !clean(s.name.ru, s.name.kk, null)) continue;
      this.byDistrict.get(s.district)?.streets.push({
        kind: 'street',
        district: s.district,
        ru: s.name.ru,
        kk: s.name.kk,
        latin: null,
        size: 'street',
        weight: 1,
        lat: null,
        lon: null,
      });
    }
  }

  districtCodes(): string[] {
    return this.districts.map((d) => d.code);
  }

  district(code: string): DistrictInfo | undefined {
    return this.districts.find((d) => d.code === code);
  }

  /** A district drawn by population. */
  drawDistrict(rng: Rng): DistrictInfo {
    return this.districtDraw.draw(rng);
  }

  /** A settlement of the district drawn by population; with `instead`, another one of the same size. */
  drawSettlement(rng: Rng, district: string, instead?: Place): Place | null {
    const list = (this.byDistrict.get(district)?.settlements ?? []).filter(
      (p) => p !== instead && (!instead || p.size === instead.size),
    );
    if (!list.length) return null;
    return new Weighted(
      list,
      list.map((p) => p.weight),
    ).draw(rng);
  }

  /** True when the district is a city split into microdistricts (Taraz) rather than villages. */
  isCity(district: string): boolean {
    const d = this.byDistrict.get(district);
    return Boolean(d && d.micro.length > 0 && d.settlements.length <= 1);
  }
}

/** Everyday street names of the region's towns and villages: [ru (genitive), kk, Latin]. */
export const VILLAGE_STREETS: ReadonlyArray<readonly [string, string, string]> = [
  ['Абая', 'Абай', 'Abai'],
  ['Сейфуллина', 'Сейфуллин', 'Seifullin'],
  ['Кунаева', 'Қонаев', 'Konaev'],
  ['Амангельды', 'Амангелді', 'Amangeldi'],
  ['Достык', 'Достық', 'Dostyk'],
  ['Бейбитшилик', 'Бейбітшілік', 'Beibitshilik'],
  ['Жибек жолы', 'Жібек жолы', 'Zhibek zholy'],
  ['Мектеп', 'Мектеп', 'Mektep'],
  ['Тауелсиздик', 'Тәуелсіздік', 'Tauelsizdik'],
  ['Наурыз', 'Наурыз', 'Nauryz'],
  ['Жастар', 'Жастар', 'Zhastar'],
  ['Гагарина', 'Гагарин', 'Gagarin'],
];
