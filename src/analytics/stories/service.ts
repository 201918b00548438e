import type { AppContext } from '../../app/context.js';
import { readSetting, tryLock, writeSetting } from '../rollup/repository.js';
import { HOUR } from '../time.js';
import { absorb, bestStory, idfOver, type Story, WINDOW_MS } from './cluster.js';
import * as repo from './repository.js';
import { cosine, docOf, type Terms } from './terms.js';

/**
 * Story clustering of signals as they are labelled: reads signals after its high-water mark in id
 * order, assigns each to a live story of its topic and district or starts one, and stores the stories
 * and signals.cluster_id together with the mark. Works on the redacted text only.
 */

const HWM_KEY = 'analytics:clusters_hwm';
/** A signal not labelled yet is waited for this long (the labelling sweep may still reach it). */
const LABEL_WAIT_MS = 10 * 60_000;
const LOCK_KEY = 7_261_130;
const TITLE_MAX = 160;

interface LiveStory extends Story {
  topic: string | null;
  district: string | null;
  place: string | null;
  title: string;
  channels: Record<string, number>;
  size: number;
  firstSeen: number;
  changed: boolean;
}

const toTerms = (json: string): Terms => new Map(Object.entries(JSON.parse(json) as Record<string, number>));
const fromTerms = (t: Terms) => JSON.stringify(Object.fromEntries(t));

export async function clusterPending(
  ctx: AppContext,
  batch = 500,
): Promise<{ processed: number; more: boolean }> {
  const now = ctx.now();
  return ctx.db.transaction().execute(async (tx) => {
    if (!(await tryLock(tx, ctx.dialect, LOCK_KEY))) return { processed: 0, more: false };
    const hwm = Number((await readSetting(tx, HWM_KEY)) ?? 0);
    const rows = await repo.signalsAfter(tx, hwm, batch);
    const ready: typeof rows = [];
    for (const r of rows) {
      if (r.labelled_at === null && r.status !== 'ignored' && now - r.received_at < LABEL_WAIT_MS) break;
      ready.push(r);
    }
    if (!ready.length) return { processed: 0, more: false };
    const since = Math.min(...ready.map((r) => r.received_at)) - WINDOW_MS;
    const stored = await repo.liveStories(tx, since, 5000);
    const stories: LiveStory[] = stored.map((s) => ({
      id: s.id,
      key: `${s.topic ?? ''}|${s.district ?? ''}`,
      centroid: toTerms(s.terms),
      lastSeen: s.last_seen,
      topic: s.topic,
      district: s.district,
      place: s.place,
      title: s.title,
      channels: JSON.parse(s.channels) as Record<string, number>,
      size: s.size,
      firstSeen: s.first_seen,
      changed: false,
    }));
    const assigned = new Map<number, LiveStory>();
    let idf = idfOver(stories);
    for (const r of ready) {
      if (r.status === 'ignored' || !r.text_redacted?.trim()) continue;
      const doc = docOf(r.text_redacted);
      if (doc.terms.size === 0) continue;
      const key = `${r.topic ?? ''}|${r.district ?? ''}`;
      const best = bestStory(doc, key, r.received_at, stories, idf);
      let story: LiveStory;
      if (best) {
        story = best.story as LiveStory;
        story.centroid = absorb(story.centroid, doc);
        if (cosine(doc.terms, story.centroid, idf) > cosine(docOf(story.title).terms, story.centroid, idf)) {
          story.title = r.text_redacted.slice(0, TITLE_MAX);
        }
        story.size++;
        story.lastSeen = Math.max(story.lastSeen, r.received_at);
        story.firstSeen = Math.min(story.firstSeen, r.received_at);
        story.place ??= doc.place;
      } else {
        story = {
          id: null,
          key,
          centroid: absorb(new Map(), doc),
          lastSeen: r.received_at,
          topic: r.topic,
          district: r.district,
          place: doc.place,
          title: r.text_redacted.slice(0, TITLE_MAX),
          channels: {},
          size: 1,
          firstSeen: r.received_at,
          changed: true,
        };
        stories.push(story);
        idf = idfOver(stories);
      }
      story.channels[r.channel] = (story.channels[r.channel] ?? 0) + 1;
      story.changed = true;
      assigned.set(r.id, story);
    }
    for (const s of stories) {
      if (!s.changed) continue;
      const values = {
        topic: s.topic,
        district: s.district,
        place: s.place,
        title: s.title,
        terms: fromTerms(s.centroid),
        channels: JSON.stringify(s.channels),
        size: s.size,
        first_seen: s.firstSeen,
        last_seen: s.lastSeen,
        updated_at: now,
      };
      if (s.id === null) {
        s.id = (
          await tx.insertInto('story_clusters').values(values).returning('id').executeTakeFirstOrThrow()
        ).id;
      } else {
        await tx.updateTable('story_clusters').set(values).where('id', '=', s.id).execute();
      }
    }
    const byStory = new Map<number, number[]>();
    for (const [signalId, s] of assigned) {
      const list = byStory.get(s.id!) ?? [];
      list.push(signalId);
      byStory.set(s.id!, list);
    }
    for (const [storyId, ids] of byStory) await repo.setCluster(tx, storyId, ids);
    await writeSetting(tx, HWM_KEY, String(ready[ready.length - 1]!.id));
    return { processed: ready.length, more: rows.length === batch && ready.length === rows.length };
  });
}

export interface StoryDto {
  readonly id: number;
  readonly title: string;
  readonly topic: string | null;
  readonly district: string | null;
  readonly place: string | null;
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly size: number;
  readonly channels: Record<string, number>;
  readonly keywords: string[];
  readonly growth: { readonly last3h: number; readonly previous3h: number; readonly ratio: number | null };
}

/** Stories active in [from, to) with at least `minSize` signals, biggest and freshest first. */
export async function listStories(
  ctx: AppContext,
  q: { from: number; to: number; minSize: number; limit: number; topic?: string; district?: string },
): Promise<StoryDto[]> {
  const rows = await repo.storiesIn(ctx.db, q);
  const growth = await repo.recentCounts(
    ctx.db,
    rows.map((r) => r.id),
    ctx.now(),
    3 * HOUR,
  );
  return rows
    .map((r) => {
      const g = growth.get(r.id) ?? { last: 0, prev: 0 };
      const keywords = [...toTerms(r.terms)]
        .filter(([t]) => !t.includes(':'))
        .sort((a, b) => b[1] - a[1])
        .slice(0, 5)
        .map(([t]) => t);
      return {
        id: r.id,
        title: r.title,
        topic: r.topic,
        district: r.district,
        place: r.place,
        firstSeen: new Date(r.first_seen).toISOString(),
        lastSeen: new Date(r.last_seen).toISOString(),
        size: r.size,
        channels: JSON.parse(r.channels) as Record<string, number>,
        keywords,
        growth: {
          last3h: g.last,
          previous3h: g.prev,
          ratio: g.prev > 0 ? Math.round((g.last / g.prev) * 100) / 100 : null,
        },
      };
    })
    .sort((a, b) => b.growth.last3h - a.growth.last3h || b.size - a.size);
}
