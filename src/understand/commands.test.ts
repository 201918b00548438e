import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './paths.js';

function run(
  args: string[],
  stdin: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'tyndau.mjs'), ...args], {
      cwd: REPO_ROOT,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString('utf8');
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

const lines = (s: string) =>
  s
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('tyndau classify', () => {
  it('writes one line per input line, in order, with the contract fields', async () => {
    const input = [
      { id: 'a1', text: 'В Кордае на ул. Абая 12 прорвало трубу, третий день нет воды!' },
      { id: 2, text: 'Рахмет әкімдікке, жолды жөндеп берді!' },
      { id: 'a3', text: 'Taraz qalasynda suw joq, qashan beriledi?' },
    ]
      .map((r) => JSON.stringify(r))
      .join('\n');
    const { code, stdout } = await run(['classify'], `${input}\n{not json\n{"id":"x"}\n`);
    expect(code).toBe(0);
    const out = lines(stdout);
    expect(out.map((o) => o.id)).toEqual(['a1', 2, 'a3', null, 'x']);
    const first = out[0]!;
    expect(Object.keys(first)).toEqual([
      'id',
      'lang',
      'kind',
      'topic',
      'sentiment',
      'district',
      'urgency',
      'confidence',
    ]);
    expect(Object.keys(first.confidence as object)).toEqual(['kind', 'topic', 'sentiment', 'district']);
    expect(first).toMatchObject({ lang: 'ru', kind: 'incident', topic: 'water', district: 'kordai' });
    expect(out[1]).toMatchObject({ lang: 'kk', kind: 'gratitude', sentiment: 'positive', district: null });
    expect(out[2]).toMatchObject({ lang: 'kk', district: 'taraz' });
    for (const o of out.slice(0, 3)) {
      for (const v of Object.values(o.confidence as Record<string, number>)) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
    }
    expect(out[3]).toMatchObject({ id: null });
    expect(typeof out[3]!.error).toBe('string');
    expect(out[4]).toMatchObject({ id: 'x' });
    expect(typeof out[4]!.error).toBe('string');
  }, 60_000);
});

describe('tyndau redact', () => {
  it('writes the redacted text and typed spans', async () => {
    const text = 'ИИН 900101300126, тел 8(701)123-45-67, a.b@mail.kz, лицевой счёт 123456789012';
    const { code, stdout } = await run(['redact'], `${JSON.stringify({ id: 7, text })}\n`);
    expect(code).toBe(0);
    const [o] = lines(stdout);
    expect(o).toEqual({
      id: 7,
      redacted: 'ИИН [IIN], тел [PHONE], [EMAIL], лицевой счёт 123456789012',
      pii: [
        { type: 'iin', value: '900101300126', start: 4, end: 16 },
        { type: 'phone', value: '+77011234567', start: 22, end: 37 },
        { type: 'email', value: 'a.b@mail.kz', start: 39, end: 50 },
      ],
    });
  }, 60_000);
});
