import { parseArgs } from 'node:util';
import { openContext } from '../app/app.js';
import { verifyAuditLog } from '../audit/audit.js';
import { ROLES, type Role } from '../auth/permissions.js';
import { UsageError } from '../cli/errors.js';
import type { CliCommand } from '../cli/types.js';
import { createLogger } from '../shared/logger.js';
import { createUser } from './service.js';

const quietLogger = () => createLogger('warn');

async function readStdinLine(stdin: NodeJS.ReadableStream): Promise<string> {
  let data = '';
  for await (const chunk of stdin) {
    data += chunk.toString();
    if (data.includes('\n')) break;
  }
  return data.split('\n')[0]?.trim() ?? '';
}

export const accountCommands: CliCommand[] = [
  {
    name: 'user:add',
    summary:
      'Create an account (the first admin): --login L --roles admin[,…] [--password P | password on stdin]',
    usage:
      'tyndau user:add --login <login> --roles <role,…> [--organisations <code,…>] [--name "<display name>"] [--password <p>]',
    async run(args, io, config) {
      const { values } = parseArgs({
        args,
        options: {
          login: { type: 'string' },
          roles: { type: 'string' },
          organisations: { type: 'string' },
          name: { type: 'string' },
          password: { type: 'string' },
        },
      });
      if (!values.login || !values.roles) throw new UsageError('--login and --roles are required');
      const roles = values.roles.split(',').map((r) => r.trim());
      const bad = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
      if (bad.length)
        throw new UsageError(`unknown role(s): ${bad.join(', ')}; roles are ${ROLES.join(', ')}`);
      const password = values.password ?? (await readStdinLine(io.stdin));
      const { ctx, close } = await openContext(config(), { labeler: null, logger: quietLogger() });
      try {
        const id = await createUser(
          ctx,
          {
            login: values.login,
            password,
            displayName: values.name,
            roles: roles as Role[],
            organisations: values.organisations?.split(',').map((o) => o.trim()),
          },
          'cli',
        );
        io.stdout.write(`created user ${values.login} (id ${id}) with roles ${roles.join(', ')}\n`);
        return 0;
      } finally {
        await close();
      }
    },
  },
  {
    name: 'audit:verify',
    summary: 'Check the hash chain of the audit log; exits 1 when it was tampered with',
    async run(_args, io, config) {
      const { ctx, close } = await openContext(config(), { labeler: null, logger: quietLogger() });
      try {
        const r = await verifyAuditLog(ctx.db);
        if (r.ok) {
          io.stdout.write(`audit log intact: ${r.entries} entries\n`);
          return 0;
        }
        io.stdout.write(`audit log BROKEN${r.brokenAt ? ` at entry ${r.brokenAt}` : ''}: ${r.reason}\n`);
        return 1;
      } finally {
        await close();
      }
    },
  },
];
