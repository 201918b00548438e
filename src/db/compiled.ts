import type { Compilable, CompiledQuery, QueryResult } from 'kysely';

/** What can run a compiled query: a Kysely instance or a transaction of any schema. */
interface Runner {
  getExecutor(): { readonly adapter: object };
  executeQuery<R>(query: CompiledQuery<R>): Promise<QueryResult<R>>;
}

/**
 * Kysely builds and compiles every query anew, which on the intake hot path costs more than SQLite takes
 * to run the statement. For a query whose shape is fixed, `compiledOnce` compiles it the first time
 * (per dialect and `key`) and afterwards runs the same SQL with new parameters. The caller passes the
 * parameters in the order the builder produces them; the first call checks that they match exactly, so
 * a wrong order fails in the tests rather than binding values to the wrong columns.
 */
const cache = new Map<string, CompiledQuery>();

export async function compiledOnce<R>(
  db: Runner,
  key: string,
  parameters: readonly unknown[],
  build: () => Compilable<R>,
): Promise<QueryResult<R>> {
  const full = `${db.getExecutor().adapter.constructor.name}:${key}`;
  let compiled = cache.get(full) as CompiledQuery<R> | undefined;
  if (!compiled) {
    compiled = build().compile();
    const same =
      compiled.parameters.length === parameters.length &&
      compiled.parameters.every((p, i) => Object.is(p, parameters[i]));
    if (!same) throw new Error(`compiledOnce(${key}): parameters do not match the built query`);
    cache.set(full, compiled);
  }
  return db.executeQuery<R>({ ...compiled, parameters });
}
