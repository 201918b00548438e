import type { AppContext } from '../../app/context.js';
import { nextTurn } from '../../shared/yield.js';
import { DAY, HOUR, hourOf, type LocalDays, regionDays } from '../time.js';
import { addRows, BucketAggregate, type CubeKey, type FullKey, nonZero, type Rows } from './aggregate.js';
import { aggregateCases } from './cases.js';
import * as rebuild from './rebuild-sql.js';
import * as repo from './repository.js';

/**
 * Keeps the rollups current. Each pass finds what changed since its high-water marks — signals by id
 * (with the ids skipped by transactions still in flight re-checked for a while), cases by updated_at
 * (with an overlap for late commits) — and recomputes the affected hours, days and case days from the
 * raw rows, idempotently, in one transaction that also advances the marks. A crash loses nothing; the
 * whole rollup can be rebuilt from scratch at any time.
 */

const STATE_KEY = 'analytics:rollup_state';
/** Ids not seen yet below the mark are re-checked this long (a transaction in flight commits later). */
const GAP_TTL_MS = 10 * 60_000;
const MAX_GAPS = 10_000;
/** Cases updated this long before the mark are read again (their transaction may have committed late). */
const CASE_OVERLAP_MS = 60_000;
/**
 * Signals may be labelled (or relabelled) after they were stored: every pass recomputes the last two
 * hours, and every quarter of an hour the last two days.
 */
const SETTLE_RECENT_HOURS = 2;
const SETTLE_WIDE_HOURS = 48;
const SETTLE_WIDE_EVERY_MS = 15 * 60_000;
/** PostgreSQL advisory lock key: one instance refreshes at a time. */
const LOCK_KEY = 7_261_129;

interface State {
  signalHwm: number;
  /** [id, first noticed at] of ids below the mark that were missing. */
  gaps: Array<[number, number]>;
  caseHwm: number;
  /** When the last two days were last recomputed. */
  settledAt?: number;
}

async function readState(db: repo.Tx): Promise<State> {
  const raw = await repo.readSetting(db, STATE_KEY);
  if (!raw) return { signalHwm: 0, gaps: [], caseHwm: 0 };
  return JSON.parse(raw) as State;
}

export interface RefreshResult {
  readonly signals: number;
  readonly cases: number;
  readonly hours: number;
  readonly days: number;
  /** True when a batch was full: call again. */
  readonly more: boolean;
}

const NOTHING: RefreshResult = { signals: 0, cases: 0, hours: 0, days: 0, more: false };

/**
 * Recomputes the given hours from the raw rows, adds each hour's change (new minus old rows) to its
 * day, and recomputes the given case days.
 */
async function recompute(
  tx: repo.Tx,
  days: LocalDays,
  hours: ReadonlySet<number>,
  caseDays: ReadonlySet<number>,
): Promise<number> {
  const changes = new Map<number, { full: Rows<FullKey>; cube: Rows<CubeKey> }>();
  for (const h of [...hours].sort((a, b) => a - b)) {
    const agg = new BucketAggregate();
    for (const f of await repo.signalFacts(tx, h, h + HOUR)) agg.add(f);
    const old = await repo.hourRows(tx, h);
    await repo.replaceHour(tx, h, agg);
    const day = days.dayOf(h);
    let change = changes.get(day);
    if (!change) {
      change = { full: new Map(), cube: new Map() };
      changes.set(day, change);
    }
    addRows(change.full, agg.full);
    addRows(change.full, old.full, -1);
    addRows(change.cube, agg.cube);
    addRows(change.cube, old.cube, -1);
  }
  for (const [day, change] of changes) {
    const full = nonZero(change.full);
    const cube = nonZero(change.cube);
    if (full.size || cube.size) await repo.addToDay(tx, day, full, cube);
  }
  for (const d of caseDays) {
    await repo.replaceCaseDay(tx, d, aggregateCases(await repo.caseFacts(tx, d, d + DAY)).values());
  }
  return changes.size;
}

/** One incremental pass over at most `batch` new signals and `batch` changed cases. */
export async function refreshRollups(ctx: AppContext, batch = 5000): Promise<RefreshResult> {
  const days = await regionDays(ctx.db);
  const now = ctx.now();
  return ctx.db.transaction().execute(async (tx) => {
    if (!(await repo.tryLock(tx, ctx.dialect, LOCK_KEY))) return NOTHING;
    const state = await readState(tx);
    const fresh = await repo.newSignals(tx, state.signalHwm, batch);
    const live = state.gaps.filter(([, since]) => now - since < GAP_TTL_MS);
    const found = await repo.signalsByIds(
      tx,
      live.map(([id]) => id),
    );
    const foundIds = new Set(found.map((r) => r.id));
    const gaps = live.filter(([id]) => !foundIds.has(id));
    let expect = state.signalHwm + 1;
    for (const r of fresh) {
      for (let id = expect; id < r.id && gaps.length < MAX_GAPS; id++) gaps.push([id, now]);
      expect = r.id + 1;
    }
    const cases = await repo.changedCases(tx, Math.max(0, state.caseHwm - CASE_OVERLAP_MS), batch);
    const casesFull = cases.length === batch;
    // Beyond the overlap window only: a full batch made of already-seen cases must not loop forever.
    const newCases = cases.filter((c) => c.updated_at > state.caseHwm || !casesFull);
    const hours = new Set<number>();
    for (const r of [...fresh, ...found]) hours.add(hourOf(r.received_at));
    const caseIds = newCases.map((c) => c.id);
    for (const t of await repo.signalTimesOfCases(tx, caseIds)) hours.add(hourOf(t));
    const caseDays = new Set(newCases.map((c) => days.dayOf(c.registered_at)));
    const wide = now - (state.settledAt ?? 0) >= SETTLE_WIDE_EVERY_MS;
    const settle = wide ? SETTLE_WIDE_HOURS : SETTLE_RECENT_HOURS;
    for (let i = 0; i < settle; i++) hours.add(hourOf(now) - i * HOUR);
    const dayCount = await recompute(tx, days, hours, caseDays);
    const next: State = {
      signalHwm: fresh.length ? fresh[fresh.length - 1]!.id : state.signalHwm,
      gaps: gaps.slice(-MAX_GAPS),
      caseHwm: cases.length ? Math.max(state.caseHwm, cases[cases.length - 1]!.updated_at) : state.caseHwm,
      settledAt: wide ? now : state.settledAt,
    };
    await repo.writeSetting(tx, STATE_KEY, JSON.stringify(next));
    return {
      signals: fresh.length + found.length,
      cases: newCases.length,
      hours: hours.size,
      days: dayCount,
      more: fresh.length === batch || casesFull,
    };
  });
}

/** Above this many signals and no rollup yet (first start after an upgrade), rebuild instead of passes. */
const REBUILD_FROM = 100_000;

/** Passes until everything is current (bounded); a large database never rolled up is rebuilt at once. */
export async function refreshUntilCurrent(ctx: AppContext, maxPasses = 10_000): Promise<number> {
  if ((await repo.readSetting(ctx.db, STATE_KEY)) === undefined) {
    const { signalId } = await rebuild.marks(ctx.db);
    if (signalId > REBUILD_FROM) return rebuildRollups(ctx);
  }
  let signals = 0;
  for (let i = 0; i < maxPasses; i++) {
    const r = await refreshRollups(ctx);
    signals += r.signals;
    if (!r.more) break;
    await nextTurn();
  }
  return signals;
}

/**
 * Rebuilds every rollup from the raw rows: signals day by day (each day's hours aggregated in memory),
 * then days from hours, then the case cube; the marks are set to the end so that passes continue from
 * there. `progress` receives the number of signals done.
 */
export async function rebuildRollups(ctx: AppContext, progress?: (signals: number) => void): Promise<number> {
  const days = await regionDays(ctx.db);
  const db = ctx.db;
  const top = await rebuild.marks(db);
  await db.transaction().execute(async (tx) => {
    await repo.tryLock(tx, ctx.dialect, LOCK_KEY);
    await repo.clearRollups(tx);
    await rebuild.rebuildSignalRollupsSql(tx, ctx.dialect, days.offsetMs);
  });
  const done = await rebuild.countedSignals(db);
  progress?.(done);
  for (let next = await rebuild.firstCaseFrom(db, -8.64e15); next !== null; ) {
    const day = days.dayOf(next);
    const rows = aggregateCases(await repo.caseFacts(db, day, day + DAY));
    await db.transaction().execute(async (tx) => repo.replaceCaseDay(tx, day, rows.values()));
    next = await rebuild.firstCaseFrom(db, day + DAY);
  }
  const state: State = {
    signalHwm: top.signalId,
    gaps: [],
    caseHwm: top.caseUpdatedAt,
    settledAt: ctx.now(),
  };
  await repo.writeSetting(db, STATE_KEY, JSON.stringify(state));
  return done;
}
