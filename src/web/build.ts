import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (the web app's sources and dist/ live there). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** What the web bundle is made of: its own folder, the Vite config and the server code it shares. */
const SOURCES = ['web', 'vite.config.ts', 'src/shared', 'src/cases/messages.ts', 'src/cases/lifecycle.ts'];

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const name of readdirSync(path)) max = Math.max(max, newest(join(path, name)));
  return max;
}

export type BuildReason = 'missing' | 'stale' | 'fresh' | 'no_sources';

/** Whether dist/web must be (re)built: missing, or older than any of its sources. */
export function webBuildState(root = REPO_ROOT): { needed: boolean; reason: BuildReason } {
  if (!existsSync(join(root, 'web', 'index.html'))) return { needed: false, reason: 'no_sources' };
  const index = join(root, 'dist', 'web', 'index.html');
  if (!existsSync(index)) return { needed: true, reason: 'missing' };
  // The build records the newest source time it saw (clock skew and edits during a build are then safe).
  const stamp = join(root, 'dist', 'web', STAMP);
  const built = existsSync(stamp) ? Number(readFileSync(stamp, 'utf8')) || 0 : statSync(index).mtimeMs;
  return newestSource(root) > built ? { needed: true, reason: 'stale' } : { needed: false, reason: 'fresh' };
}

const STAMP = '.sources-mtime';
const newestSource = (root: string) => Math.max(...SOURCES.map((s) => newest(join(root, s))));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One build at a time across processes (parallel test files, two servers): a lock directory. */
async function withLock<T>(root: string, fn: () => Promise<T>): Promise<T> {
  const lock = join(root, 'dist', '.web-build.lock');
  mkdirSync(join(root, 'dist'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      const age = Date.now() - (existsSync(lock) ? statSync(lock).mtimeMs : Date.now());
      if (age > 5 * 60_000) rmSync(lock, { recursive: true, force: true });
      else await sleep(250);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export interface EnsureOptions {
  readonly root?: string;
  /** Progress lines (the CLI prints them). */
  readonly log?: (line: string) => void;
  readonly force?: boolean;
}

export interface EnsureResult {
  readonly built: boolean;
  readonly reason: BuildReason | 'forced' | 'no_vite';
  readonly ms: number;
}

/**
 * Builds the web app with Vite's JS API when dist/web is missing or older than web/ — so a fresh clone
 * needs no separate build command. The new build is written beside the old one and swapped in whole.
 */
export async function ensureWebBuild(options: EnsureOptions = {}): Promise<EnsureResult> {
  const root = options.root ?? REPO_ROOT;
  const log = options.log ?? (() => undefined);
  const first = webBuildState(root);
  if (!options.force && !first.needed) {
    if (first.reason === 'fresh') log('web app: dist/web is up to date');
    return { built: false, reason: first.reason, ms: 0 };
  }
  return withLock(root, async () => {
    const state = webBuildState(root);
    if (!options.force && !state.needed) return { built: false, reason: state.reason, ms: 0 };
    let vite: typeof import('vite');
    try {
      vite = await import('vite');
    } catch {
      log('web app: Vite is not installed (install dev dependencies to build it); serving the API only');
      return { built: false, reason: 'no_vite', ms: 0 };
    }
    const why = options.force
      ? 'a rebuild was asked for'
      : state.reason === 'missing'
        ? 'dist/web is missing'
        : 'web/ changed since the last build';
    log(`web app: ${why} — building web/ with Vite into dist/web …`);
    const t0 = performance.now();
    const sources = newestSource(root);
    const out = join(root, 'dist', `.web-${process.pid}-${Date.now()}`);
    // Vite picks React's production build from NODE_ENV, which a test runner sets to `test`: the web app
    // is always built for production, whoever starts the build.
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await vite.build({
        configFile: join(root, 'vite.config.ts'),
        mode: 'production',
        logLevel: 'warn',
        build: { outDir: out, emptyOutDir: true },
      });
    } finally {
      if (nodeEnv === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = nodeEnv;
    }
    writeFileSync(join(out, STAMP), String(sources));
    const target = join(root, 'dist', 'web');
    const old = `${out}-old`;
    if (existsSync(target)) renameSync(target, old);
    renameSync(out, target);
    rmSync(old, { recursive: true, force: true });
    const ms = Math.round(performance.now() - t0);
    log(`web app: built in ${(ms / 1000).toFixed(1)} s`);
    return { built: true, reason: options.force ? 'forced' : state.reason, ms };
  });
}
