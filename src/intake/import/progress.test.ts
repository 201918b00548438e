import { describe, expect, it } from 'vitest';
import { measure, progressReporter } from './progress.js';

function sink(isTTY: boolean) {
  const out: string[] = [];
  const stream = { isTTY, columns: 120, write: (s: string) => out.push(s) > 0 };
  return { out, stream: stream as unknown as NodeJS.WritableStream & { isTTY: boolean } };
}

describe('import progress', () => {
  it('measures the rate of this session only, and the time left', () => {
    const m = measure({ done: 30_000, total: 100_000, resumedFrom: 10_000 }, 4000);
    expect(m.rate).toBe(5000);
    expect(m.etaSeconds).toBe(14);
    expect(m.percent).toBe(30);
  });

  it('redraws a bar on a terminal with done/total, rows/s and ETA', () => {
    let t = 0;
    const { out, stream } = sink(true);
    const p = progressReporter(stream, { now: () => t });
    t = 2000;
    p.update({ done: 10_000, total: 100_000, resumedFrom: 0 });
    t = 2050;
    p.update({ done: 10_500, total: 100_000, resumedFrom: 0 });
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^\r[█░]+ +10\.0% 10,000\/100,000 rows · 5,000 rows\/s · ETA 00:18/);
    expect(out[0]?.endsWith('\u001b[K')).toBe(true);
    p.finish({ done: 100_000, total: 100_000, resumedFrom: 0 });
    expect(out.at(-1)).toBe('\n');
  });

  it('writes a plain line every few seconds when stderr is not a terminal', () => {
    let t = 0;
    const { out, stream } = sink(false);
    const p = progressReporter(stream, { now: () => t });
    for (t = 1000; t <= 12_000; t += 1000) p.update({ done: t, total: 20_000, resumedFrom: 0 });
    expect(out).toEqual([
      'import: 5,000/20,000 rows (25%), 1,000 rows/s, ETA 00:15\n',
      'import: 10,000/20,000 rows (50%), 1,000 rows/s, ETA 00:10\n',
    ]);
  });
});
