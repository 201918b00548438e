import type { Db } from '../db/database.js';

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

export const hourOf = (ms: number) => Math.floor(ms / HOUR) * HOUR;

/** Local calendar days of the region: bucket starts are local midnights, in epoch ms. */
export interface LocalDays {
  readonly offsetMs: number;
  dayOf(ms: number): number;
}

export function localDays(offsetMinutes: number): LocalDays {
  const offsetMs = offsetMinutes * MINUTE;
  return { offsetMs, dayOf: (ms) => Math.floor((ms + offsetMs) / DAY) * DAY - offsetMs };
}

const cache = new WeakMap<Db, LocalDays>();

/** The region's UTC offset (regions table; +05:00 when no region is loaded yet), read once per database. */
export async function regionDays(db: Db): Promise<LocalDays> {
  const hit = cache.get(db);
  if (hit) return hit;
  const r = await db.selectFrom('regions').select('utc_offset_minutes').executeTakeFirst();
  const days = localDays(r?.utc_offset_minutes ?? 300);
  if (r) cache.set(db, days);
  return days;
}
