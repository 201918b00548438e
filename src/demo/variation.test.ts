import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CorpusIndex, loadCorpus } from './corpus.js';
import { placeNote } from './notes.js';
import { Places } from './places.js';
import { Rng } from './rng.js';
import { foldKazakh, swapCityPlaces, swapSettlements, typos, vary, varyNumbers } from './variation.js';

const places = new Places(resolve('data/regions/zhambyl'));
const villagesOf = (d: string) => places.byDistrict.get(d)!.settlements.map((p) => p.ru);

describe('demo text variation', () => {
  it('swaps a village for another village of the same district, in the same script', () => {
    const rng = new Rng(1);
    for (let i = 0; i < 50; i++) {
      const out = swapSettlements('Бурыл, ул. Абая. Нет воды с утра', 'baizak', places, rng);
      expect(out.placed).toHaveLength(1);
      expect(out.placed[0]!.district).toBe('baizak');
      expect(out.text).not.toContain('Бурыл,');
      expect(out.text.startsWith(`${out.placed[0]!.ru},`)).toBe(true);
    }
    const kk = swapSettlements('Qostobe auylynda su joq', 'baizak', places, new Rng(2));
    expect(kk.placed[0]?.latin && kk.text.startsWith(kk.placed[0].latin)).toBe(true);
  });

  it('leaves street names, district names, towns and other districts alone', () => {
    const rng = new Rng(3);
    expect(swapSettlements('На ул. Байзак батыра провал', 'baizak', places, rng).placed).toHaveLength(0);
    expect(swapSettlements('Мерке ауданы әкімдігіне рахмет', 'merke', places, rng).placed).toHaveLength(0);
    // Шу is a town: no other town in the district, so it stays.
    expect(swapSettlements('Шу қаласындағы электр желісі', 'shu', places, rng).text).toContain(
      'Шу қаласындағы',
    );
    expect(swapSettlements('Автобус Жанатас — Тараз', 'merke', places, rng).placed).toHaveLength(0);
  });

  it('swaps a city microdistrict only where it is marked as one', () => {
    const rng = new Rng(4);
    const marked = swapCityPlaces('мкр Самал, д. 4. Нет света', 'taraz', places, rng);
    expect(marked.placed).toHaveLength(1);
    expect(marked.text).not.toContain('Самал');
    expect(swapCityPlaces('Самал тоже без света', 'taraz', places, rng).placed).toHaveLength(0);
  });

  it('adds a place of the chosen district to a placeless text, and the same place as the address', () => {
    const rng = new Rng(5);
    for (let i = 0; i < 30; i++) {
      const note = placeNote('kordai', places, rng, 'ru')!;
      expect(note.place.district).toBe('kordai');
      expect(note.address).toContain(note.place.ru);
      const city = placeNote('taraz', places, rng, 'kk')!;
      expect(city.place.kind).toBe('microdistrict');
      expect(city.note).toContain('шағынауданы');
    }
  });

  it('varies house numbers and clock times, not other figures', () => {
    const rng = new Rng(6);
    const outs = new Set<string>();
    for (let i = 0; i < 20; i++)
      outs.add(varyNumbers('д. 40, кв. 12, свет пропал в 14:00, счёт 28000 тг', rng));
    expect(outs.size).toBeGreaterThan(5);
    for (const o of outs)
      expect(o).toMatch(/^д\. \d+, кв\. \d+, свет пропал в \d{1,2}:\d{2}, счёт 28000 тг$/);
  });

  it('makes small slips in ordinary words only, and types Kazakh without its letters', () => {
    const rng = new Rng(7);
    for (let i = 0; i < 30; i++)
      expect(typos('Сарыкемер Жамбылский отключение электроэнергии', rng)).toMatch(/^Сарыкемер Жамбылский /);
    expect(foldKazakh('Қордай ауылында жарық жоқ')).toBe('Кордай ауылында жарык жок');
  });

  it('turns a few thousand corpus lines into many different messages', () => {
    const corpus = new CorpusIndex(loadCorpus());
    const rng = new Rng(8);
    const line = corpus.all.find((t) => t.district === 'shu' && t.text.startsWith('Шу, ул.'))!;
    const variants = new Set(Array.from({ length: 40 }, () => vary(line, 'shu', places, rng).text));
    expect(variants.size).toBeGreaterThan(15);
    const low = (s: string) => foldKazakh(s).toLowerCase();
    for (const v of variants) expect(villagesOf('shu').some((n) => low(v).includes(low(n)))).toBe(true);
  });
});
