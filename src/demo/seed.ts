import type { AppContext } from '../app/context.js';
import { deskOf } from '../cases/desk.js';
import { ensureStaff } from './accounts.js';
import { CorpusIndex, loadCorpus } from './corpus.js';
import { HistoryPlanner } from './history.js';
import { caseStory, DeadlineMemo, type StoryDeps } from './lifecycle.js';
import { Places } from './places.js';
import * as repo from './repository.js';
import { Rng } from './rng.js';
import { appealRows, type Chunk, emptyChunk, mentionRow, People } from './rows.js';
import { Timeline } from './season.js';

export const DEFAULT_APPEALS = 80_000;

export interface SeedOptions {
  /** Appeals over the year (Table 2 proportions); mentions and news scale with it. */
  readonly appeals?: number;
  readonly seed?: number;
  /** Progress lines for the console (never message texts). */
  readonly progress?: (line: string) => void;
}

export interface SeedReport {
  readonly appeals: number;
  readonly mentions: number;
  readonly news: number;
  readonly events: number;
  readonly authors: number;
  readonly ms: number;
}

const CHUNK = 5000;

/**
 * Story clustering and keyword alerts work through new signals incrementally; the seeded year older than
 * the clustering window (3 days) is history, not news, and is left to the rollups.
 */
const ANALYTICS_LIVE_WINDOW_MS = 3 * 86_400_000;

async function write(tx: Parameters<typeof repo.insertMany>[0], c: Chunk): Promise<void> {
  await repo.insertMany(tx, 'authors', c.authors);
  await repo.insertMany(tx, 'author_contacts', c.contacts);
  await repo.insertMany(tx, 'cases', c.cases);
  await repo.insertMany(tx, 'signals', c.signals);
  await repo.insertMany(tx, 'case_events', c.events);
  await repo.insertMany(tx, 'outbox', c.outbox);
}

/**
 * Writes a year of demo history ending now: appeals as signals with their cases and events, comments on
 * the akimat's pages and news as mentions. Everything is marked is_demo = 1 and generated in memory, then
 * stored with multi-row inserts in one transaction: all of it, or (after a crash) none of it.
 */
export async function seedDemoHistory(ctx: AppContext, options: SeedOptions = {}): Promise<SeedReport> {
  const started = performance.now();
  const appeals = options.appeals ?? DEFAULT_APPEALS;
  const say = options.progress ?? (() => undefined);
  const rng = new Rng(options.seed ?? 109);
  const now = ctx.now();
  const desk = await deskOf(ctx);
  const places = new Places(ctx.config.regionDir);
  const corpus = new CorpusIndex(loadCorpus());
  const planner = new HistoryPlanner(corpus, places, new Timeline(desk.calendar, now), rng);
  const team = await ensureStaff(ctx);
  const prefix = ((await repo.regionCode(ctx.db)) ?? 'tyn').slice(0, 3).toUpperCase();
  const replies = await repo.replyTexts(ctx.db, desk.calendar.utcOffsetMinutes);
  const akimats = new Map(
    team.organisations.filter((o) => o.kind === 'district_akimat').map((o) => [o.district_code, o.id]),
  );
  const deps: StoryDeps = {
    desk,
    deadlines: new DeadlineMemo(desk),
    now,
    rng,
    executors: (org) => team.executors.get(org) ?? [],
    operators: team.operators,
    redirectTarget: (district, from) => {
      const akimat = akimats.get(district) ?? null;
      return akimat !== from ? akimat : desk.defaultOrganisationId;
    },
  };

  const plans = planner.appealSlots(appeals);
  const mentions = planner.mentions(Math.round(appeals * 0.11));
  const news = planner.news(Math.round(appeals * 0.014));
  say(`planned ${appeals} appeals, ${mentions.length} mentions, ${news.length} news items`);

  // Appeals, comments and news go in together in time order, so that signal ids follow time as they
  // would have in a year of real intake.
  const listening = [...mentions, ...news].sort((a, b) => a.receivedAt - b.receivedAt);
  const total = plans.length + listening.length;
  let events = 0;
  let authors = 0;
  await ctx.db.transaction().execute(async (tx) => {
    await repo.bulkMode(tx, ctx.dialect);
    const ids = await repo.nextIds(tx);
    const people = new People(ids.authors, ctx.pseudonymKey, rng);
    let signalId = ids.signals;
    let caseId = ids.cases;
    let a = 0;
    let m = 0;
    while (a < plans.length || m < listening.length) {
      const chunk = emptyChunk();
      for (let k = 0; k < CHUNK && (a < plans.length || m < listening.length); k++) {
        const slot = plans[a];
        const mention = listening[m];
        if (slot && (!mention || slot.t <= mention.receivedAt)) {
          a++;
          const p = planner.appeal(slot);
          const person = people.author(p.channel, p.receivedAt, chunk);
          const story = caseStory({ ...p, signalId }, deps);
          appealRows(chunk, { signal: signalId++, case: caseId++ }, p, person, story, prefix, rng, replies);
        } else if (mention) {
          m++;
          const person =
            mention.channel === 'news' ? null : people.author(mention.channel, mention.receivedAt, chunk);
          mentionRow(chunk, signalId++, mention, person, rng);
        }
      }
      await write(tx, chunk);
      events += chunk.events.length;
      authors += chunk.authors.length;
      say(`signals ${a + m}/${total} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    }
    await repo.syncSequences(tx, ctx.dialect, ['authors', 'signals', 'cases']);
    await repo.skipAnalyticsHistory(tx, now - ANALYTICS_LIVE_WINDOW_MS);
  });
  return {
    appeals: plans.length,
    mentions: mentions.length,
    news: news.length,
    events,
    authors,
    ms: Math.round(performance.now() - started),
  };
}
