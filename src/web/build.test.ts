import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuild, webBuildState } from './build.js';

/** A tiny project with the same layout as the repository: web/, vite.config.ts, dist/web. */
describe('building the web app when needed', () => {
  let root: string;
  const lines: string[] = [];
  const log = (l: string) => lines.push(l);
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'tyndau-build-'));
    mkdirSync(join(root, 'web', 'src'), { recursive: true });
    writeFileSync(
      join(root, 'vite.config.ts'),
      `export default { root: ${JSON.stringify(join(root, 'web'))}, logLevel: 'silent' };\n`,
    );
    writeFileSync(
      join(root, 'web', 'index.html'),
      '<!doctype html><html><body><div id="root"></div><script type="module" src="/src/main.js"></script></body></html>',
    );
    writeFileSync(
      join(root, 'web', 'src', 'main.js'),
      'document.getElementById("root").textContent = "v1";\n',
    );
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('builds when dist/web is missing, once even when two callers ask at the same time', async () => {
    expect(webBuildState(root)).toEqual({ needed: true, reason: 'missing' });
    const [a, b] = await Promise.all([ensureWebBuild({ root, log }), ensureWebBuild({ root, log })]);
    expect([a.built, b.built].sort()).toEqual([false, true]);
    expect(existsSync(join(root, 'dist', 'web', 'index.html'))).toBe(true);
    expect(lines.some((l) => l.includes('dist/web is missing'))).toBe(true);
    expect(webBuildState(root)).toEqual({ needed: false, reason: 'fresh' });
    expect(existsSync(join(root, 'dist', '.web-build.lock'))).toBe(false);
  }, 60_000);

  it('does nothing while the build is newer than its sources, and rebuilds after a change', async () => {
    expect((await ensureWebBuild({ root, log })).built).toBe(false);
    const main = join(root, 'web', 'src', 'main.js');
    writeFileSync(main, 'document.getElementById("root").textContent = "v2";\n');
    const later = new Date(Date.now() + 5_000);
    utimesSync(main, later, later);
    expect(webBuildState(root)).toEqual({ needed: true, reason: 'stale' });
    const r = await ensureWebBuild({ root, log });
    expect(r).toMatchObject({ built: true, reason: 'stale' });
    const html = readFileSync(join(root, 'dist', 'web', 'index.html'), 'utf8');
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeDefined();
    expect(readFileSync(join(root, 'dist', 'web', asset!), 'utf8')).toContain('v2');
    expect(lines.some((l) => l.includes('web/ changed since the last build'))).toBe(true);
    // A source dated in the future (clock skew) does not make every start rebuild.
    expect(webBuildState(root)).toEqual({ needed: false, reason: 'fresh' });
  }, 60_000);

  it('has nothing to build without web sources', () => {
    expect(webBuildState(join(root, 'nowhere'))).toEqual({ needed: false, reason: 'no_sources' });
  });
});
