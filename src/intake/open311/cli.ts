import { UsageError } from '../../cli/errors.js';
import type { CliCommand } from '../../cli/types.js';
import type { Config } from '../../config/config.js';
import { type Db, openDatabase } from '../../db/database.js';
import { migrateToLatest } from '../../db/migrate.js';
import { AppError } from '../../shared/errors.js';
import { issueClientKey, revokeClientKey } from './keys.js';

/** `--name value` or `--name=value`; undefined when absent. */
export function option(args: readonly string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === `--${name}`) return args[i + 1];
    if (a.startsWith(`--${name}=`)) return a.slice(name.length + 3);
  }
  return undefined;
}

async function withDatabase<T>(config: Config, work: (db: Db) => Promise<T>): Promise<T> {
  const handle = openDatabase(config.database);
  try {
    await migrateToLatest(handle.db);
    return await work(handle.db);
  } finally {
    await handle.close();
  }
}

export const open311Commands: CliCommand[] = [
  {
    name: 'open311:key',
    summary: 'Register an Open311 client application and print its API key (shown once)',
    usage: 'tyndau open311:key --name "<app name>"',
    run: async (args, io, config) => {
      const name = option(args, 'name');
      if (!name?.trim()) throw new UsageError('--name is required');
      const issued = await withDatabase(config(), (db) => issueClientKey(db, name, Date.now()));
      io.stdout.write(
        `Open311 client ${issued.id} "${issued.name}"\napi_key: ${issued.apiKey}\n` +
          'The key is shown only now; only its hash is stored. Revoke it with ' +
          `tyndau open311:revoke --id ${issued.id}\n`,
      );
      return 0;
    },
  },
  {
    name: 'open311:revoke',
    summary: 'Revoke the API key of an Open311 client application',
    usage: 'tyndau open311:revoke --id <client id>',
    run: async (args, io, config) => {
      const id = Number(option(args, 'id'));
      if (!Number.isInteger(id) || id < 1) throw new UsageError('--id must be a client id');
      try {
        const { revokedAt } = await withDatabase(config(), (db) => revokeClientKey(db, id, Date.now()));
        io.stdout.write(`Open311 client ${id} revoked at ${new Date(revokedAt).toISOString()}\n`);
        return 0;
      } catch (err) {
        if (err instanceof AppError && err.status === 404) {
          io.stderr.write(`tyndau open311:revoke: no Open311 client ${id}\n`);
          return 1;
        }
        throw err;
      }
    },
  },
];
