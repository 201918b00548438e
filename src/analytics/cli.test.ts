import { Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../cli/main.js';
import { dailySeries, hourlySeries } from './series/generate.js';

class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void): void {
    this.text += chunk.toString('utf8');
    cb();
  }
}

async function run(args: string[], input: string) {
  const stdout = new Sink();
  const stderr = new Sink();
  const code = await main(args, { stdin: Readable.from([input]), stdout, stderr, env: {} });
  return { code, out: stdout.text, err: stderr.text };
}

const hourly = () => {
  const start = Date.parse('2026-09-07T00:00:00Z');
  const lines: string[] = [];
  const keys = {
    'water|shu': hourlySeries({ weeks: 8, base: 2, evening: 2, seed: 1, spikes: [{ hour: 1100, add: 30 }] }),
    'roads|taraz': hourlySeries({ weeks: 8, base: 4, monday: 1.8, seed: 2 }),
  };
  for (let i = 0; i < 8 * 168; i++) {
    for (const [key, y] of Object.entries(keys)) {
      if (y[i])
        lines.push(JSON.stringify({ t: new Date(start + i * 3_600_000).toISOString(), key, count: y[i] }));
    }
  }
  return { text: `${lines.join('\n')}\n`, spikeAt: new Date(start + 1100 * 3_600_000).toISOString() };
};

const daily = () => {
  const lines: string[] = [];
  for (const [key, seed] of [
    ['a', 1],
    ['b', 2],
  ] as const) {
    dailySeries({ days: 150, base: 20, weekly: [1.4, 1.1, 1, 1, 1, 0.7, 0.5], seed }).forEach((count, i) => {
      const t = new Date(Date.parse('2026-01-05') + i * 86_400_000).toISOString().slice(0, 10);
      lines.push(JSON.stringify({ t, key, count }));
    });
  }
  return `${lines.join('\n')}\n`;
};

describe('command-line contracts', () => {
  it('tyndau spikes: hourly JSONL in, one {t,key,count,expected,score} line per spike out', async () => {
    const { text, spikeAt } = hourly();
    const r = await run(['spikes'], `${text}not json\n`);
    expect(r.code).toBe(0);
    expect(r.err).toContain('skipped 1 malformed line');
    const lines = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(1);
    expect(Object.keys(lines[0])).toEqual(['t', 'key', 'count', 'expected', 'score']);
    expect(lines[0]).toMatchObject({ t: spikeAt, key: 'water|shu' });
  });

  it('tyndau forecast --horizon: one {t,key,forecast,lo,hi} line per key and future day', async () => {
    const r = await run(['forecast', '--horizon', '10'], daily());
    expect(r.code).toBe(0);
    const lines = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(20);
    expect(Object.keys(lines[0])).toEqual(['t', 'key', 'forecast', 'lo', 'hi']);
    expect(lines.slice(0, 10).map((l) => l.t)).toEqual(
      Array.from({ length: 10 }, (_, i) =>
        new Date(Date.parse('2026-06-04') + i * 86_400_000).toISOString().slice(0, 10),
      ),
    );
    for (const l of lines) {
      expect(l.lo).toBeGreaterThanOrEqual(0);
      expect(l.lo).toBeLessThanOrEqual(l.forecast);
      expect(l.hi).toBeGreaterThanOrEqual(l.forecast);
    }
    expect((await run(['forecast', '--horizon', 'x'], daily())).code).toBe(2);
  });

  it('tyndau eval-forecast --data ends with the sMAPE line', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const file = join(mkdtempSync(join(tmpdir(), 'tyndau-eval-')), 'daily.jsonl');
    writeFileSync(file, daily());
    const r = await run(['eval-forecast', '--data', file, '--horizon', '7'], '');
    expect(r.code).toBe(0);
    const last = r.out.trim().split('\n').at(-1)!;
    expect(last).toMatch(/^sMAPE model=\d+\.\d{2} seasonal_naive=\d+\.\d{2}$/);
    const [, model, naive] = /model=([\d.]+) seasonal_naive=([\d.]+)/.exec(last)!;
    expect(Number(model)).toBeLessThan(Number(naive));
  });
});
