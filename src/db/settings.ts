import type { Db } from './database.js';

/** Reads a setting, creating it with `make()` the first time (safe when several instances race). */
export async function ensureSetting(db: Db, key: string, make: () => string): Promise<string> {
  const found = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  if (found) return found.value;
  await db
    .insertInto('settings')
    .values({ key, value: make() })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  return (await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirstOrThrow())
    .value;
}
