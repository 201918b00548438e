import { rng } from '../model/rng.js';
import { isCard, isIin } from '../pii/checks.js';
import type { PiiType } from '../pii/detect.js';

/** Synthetic personal data in realistic spellings, and look-alikes that must stay untouched. */
export interface Planted {
  readonly type: PiiType;
  readonly value: string;
  readonly surface: string;
}

export function piiGenerator(seed: number) {
  const random = rng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;

  function iin(): string {
    for (;;) {
      const year = int(1940, 2020);
      const century = year < 2000 ? pick([3, 4]) : pick([5, 6]);
      const base = `${pad(year % 100, 2)}${pad(int(1, 12), 2)}${pad(int(1, 28), 2)}${century}${pad(int(0, 9999), 4)}`;
      for (let c = 0; c < 10; c++) if (isIin(base + c)) return base + c;
    }
  }
  function card(): string {
    for (;;) {
      const prefix = pick(['4400', '4405', '5169', '5356', '2202', '4149', '5522']);
      let body = prefix;
      while (body.length < 15) body += int(0, 9);
      for (let c = 0; c < 10; c++) if (isCard(body + c)) return body + c;
    }
  }
  const grouped = (d: string, sep: string) => d.match(/.{1,4}/g)!.join(sep);

  function planted(): Planted {
    switch (pick(['iin', 'phone', 'phone', 'email', 'card'] as const)) {
      case 'iin': {
        const v = iin();
        return { type: 'iin', value: v, surface: pick([`ИИН ${v}`, `ЖСН: ${v}`, v, `иин ${v}`, `IIN ${v}`]) };
      }
      case 'card': {
        const v = card();
        return {
          type: 'card',
          value: v,
          surface: pick([`карта ${grouped(v, ' ')}`, grouped(v, '-'), v, `картасы ${grouped(v, ' ')}`]),
        };
      }
      case 'email': {
        const user = pick(['aigerim', 'nurlan.k', 'zhanar_88', 'serik1975', 'a.bekova']);
        const host = pick(['mail.ru', 'gmail.com', 'mail.kz', 'inbox.ru', 'yandex.kz']);
        const v = `${user}@${host}`;
        return { type: 'email', value: v, surface: pick([v, `почта ${v}`, `e-mail: ${v}`]) };
      }
      case 'phone': {
        const op = pick(['701', '702', '705', '707', '708', '747', '771', '775', '776', '777', '778']);
        const a = pad(int(0, 999), 3);
        const b = pad(int(0, 99), 2);
        const c = pad(int(0, 99), 2);
        const surface = pick([
          `8${op}${a}${b}${c}`,
          `+7${op}${a}${b}${c}`,
          `8 ${op} ${a} ${b} ${c}`,
          `+7 ${op} ${a} ${b} ${c}`,
          `8(${op})${a}-${b}-${c}`,
          `8 (${op}) ${a}-${b}-${c}`,
          `+7 (${op}) ${a} ${b}${c}`,
          `7 ${op} ${a} ${b} ${c}`,
          `8-${op}-${a}-${b}-${c}`,
          `тел. 8${op}${a}${b}${c}`,
        ]);
        return { type: 'phone', value: `+7${op}${a}${b}${c}`, surface };
      }
    }
  }

  /** Numbers that look like personal data but are not. */
  function lookalike(): string {
    const bad12 = () => {
      for (;;) {
        const d = Array.from({ length: 12 }, () => int(0, 9)).join('');
        if (!isIin(d)) return d;
      }
    };
    return pick([
      () => `лицевой счёт ${bad12()}`,
      () => `${bad12()}`,
      () => `сумма ${int(1, 999)} ${pad(int(0, 999), 3)} тг`,
      () => `${int(1, 9)} ${pad(int(0, 999), 3)} ${pad(int(0, 999), 3)} тенге`,
      () => `${pad(int(1, 28), 2)}.${pad(int(1, 12), 2)}.20${pad(int(10, 25), 2)}`,
      () => `в ${int(0, 23)}:${pad(int(0, 59), 2)}`,
      () => `дом ${int(1, 200)}, кв ${int(1, 150)}`,
      () => `заявка №${int(1000, 99999)}`,
      () => `договор № ${int(100000, 999999)}${int(100000, 999999)}`,
      () => `счёт ${card().slice(0, 15)}${int(0, 9)}0`,
      () => `${int(1, 99)}-й маршрут`,
      () => `${int(10, 99)} градусов, ${int(2, 9)} этаж`,
    ])();
  }

  return { planted, lookalike, pick, int };
}
