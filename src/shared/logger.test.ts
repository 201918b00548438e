import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger, serverLogDestination } from './logger.js';

const dir = mkdtempSync(join(tmpdir(), 'tyndau-log-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the server's log destination", () => {
  it('writes every line whole and in order, in blocks, and what is left within a quarter second', async () => {
    const file = join(dir, 'server.log');
    const log = createLogger('info', serverLogDestination(file));
    // Several blocks' worth (4 kB each), with Kazakh and Russian text (more bytes than characters).
    for (let i = 0; i < 2_000; i++) log.info({ n: i, note: 'Өтініш қабылданды — заявка принята' }, 'line');
    await new Promise((resolve) => setTimeout(resolve, 600));
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(2_000);
    const parsed = lines.map((l) => JSON.parse(l) as { n: number; note: string });
    expect(parsed.map((p) => p.n)).toEqual(Array.from({ length: 2_000 }, (_, i) => i));
    expect(parsed.every((p) => p.note === 'Өтініш қабылданды — заявка принята')).toBe(true);
  });
});
