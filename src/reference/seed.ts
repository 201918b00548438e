import { join, resolve } from 'node:path';
import type { AppContext } from '../app/context.js';
import { loadCalendarYears } from '../cases/calendar.js';
import { gazetteerFile, organisationsFile, readJson, routingFile, templatesFile } from './files.js';

export const CALENDAR_DIR = resolve('data/calendar');

function offsetMinutes(offset: string): number {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(offset);
  if (!m) throw new Error(`bad utcOffset ${offset}`);
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/**
 * Loads the region's reference data (districts, settlements, organisations, routing rules, templates,
 * the working calendar) into an empty database. Idempotent: tables that already hold data are left
 * alone, so a region's own edits survive restarts.
 */
export async function loadReferenceData(ctx: AppContext, regionDir = ctx.config.regionDir): Promise<boolean> {
  const db = ctx.db;
  const hasRegion = await db.selectFrom('regions').select('code').executeTakeFirst();
  if (hasRegion) return false;
  const gaz = readJson(gazetteerFile, regionDir, 'gazetteer.json');
  const orgs = readJson(organisationsFile, regionDir, 'organisations.json');
  const routing = readJson(routingFile, regionDir, 'routing.json');
  const templates = readJson(templatesFile, regionDir, 'templates.json');
  const calendar = loadCalendarYears(join(regionDir, '..', '..', 'calendar'));
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('regions')
      .values({
        code: gaz.region.code,
        name_ru: gaz.region.name.ru,
        name_kk: gaz.region.name.kk,
        name_en: gaz.region.name.en ?? gaz.region.name.ru,
        capital: gaz.region.capital ?? null,
        utc_offset_minutes: offsetMinutes(gaz.region.utcOffset),
      })
      .execute();
    await tx
      .insertInto('districts')
      .values(
        gaz.districts.map((d) => ({
          code: d.code,
          region_code: gaz.region.code,
          name_ru: d.name.ru,
          name_kk: d.name.kk,
          name_en: d.name.en ?? d.name.ru,
          population: d.population,
          lat: d.lat ?? null,
          lon: d.lon ?? null,
        })),
      )
      .execute();
    for (let i = 0; i < gaz.settlements.length; i += 200) {
      await tx
        .insertInto('settlements')
        .values(
          gaz.settlements.slice(i, i + 200).map((s) => ({
            district_code: s.district,
            kind: s.kind,
            name_ru: s.name.ru,
            name_kk: s.name.kk,
            population: s.population ?? null,
            lat: s.lat ?? null,
            lon: s.lon ?? null,
          })),
        )
        .execute();
    }
    const ids = new Map<string, number>();
    for (const o of orgs.organisations) {
      const { id } = await tx
        .insertInto('organisations')
        .values({
          code: o.code,
          kind: o.kind,
          name_ru: o.name.ru,
          name_kk: o.name.kk,
          name_en: o.name.en,
          district_code: o.district ?? null,
          requires_approval: o.requiresApproval ? 1 : 0,
          active: 1,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.set(o.code, id);
    }
    const orgId = (code: string) => {
      const id = ids.get(code);
      if (id === undefined) throw new Error(`routing.json names unknown organisation ${code}`);
      return id;
    };
    await tx
      .insertInto('routing_rules')
      .values(
        routing.rules.map((r, i) => ({
          priority: (i + 1) * 10,
          name: r.name,
          conditions: JSON.stringify(r.conditions),
          organisation_id: orgId(r.organisation),
          executor_id: null,
          strategy: r.strategy,
          active: 1,
        })),
      )
      .execute();
    await tx
      .insertInto('settings')
      .values({ key: 'default_organisation', value: String(orgId(routing.defaultOrganisation)) })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    await tx
      .insertInto('templates')
      .values(templates.templates.map((t) => ({ ...t, organisation_id: null, active: 1 })))
      .execute();
    const entries = calendar.flatMap((y) => [
      ...y.holidays.map((h) => ({
        date: h.date,
        type: 'holiday' as const,
        name: h.name,
        religious: h.religious ? 1 : 0,
        working_date: null,
      })),
      ...y.transfers.map((t) => ({
        date: t.dayOff,
        type: 'transfer' as const,
        name: t.name ?? 'перенос',
        religious: 0,
        working_date: t.workingDay,
      })),
    ]);
    if (entries.length) await tx.insertInto('calendar_entries').values(entries).execute();
  });
  ctx.log.info({ region: gaz.region.code }, 'reference data loaded');
  return true;
}
