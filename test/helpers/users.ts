import { createUser, issueToken } from '../../src/accounts/service.js';
import type { AppContext } from '../../src/app/context.js';
import { ROLES, type Role } from '../../src/auth/permissions.js';

export const PASSWORD = 'correct horse battery';

/** One account and API token per role (executors belong to a fresh organisation). */
export async function tokensForRoles(ctx: AppContext): Promise<Record<Role, string>> {
  const org = await ctx.db
    .insertInto('organisations')
    .values({
      code: `org-${Math.random().toString(36).slice(2, 8)}`,
      kind: 'utility',
      name_ru: 'Водоканал',
      name_kk: 'Су арнасы',
      name_en: 'Water utility',
      requires_approval: 0,
      active: 1,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const out = {} as Record<Role, string>;
  for (const role of ROLES) {
    const login = `${role}-${Math.random().toString(36).slice(2, 8)}`;
    const id = await createUser(
      ctx,
      { login, password: PASSWORD, roles: [role], organisations: role === 'executor' ? [org.id] : [] },
      'test',
    );
    out[role] = (await issueToken(ctx, id, `${role} token`, [], undefined, 'test', null)).token;
  }
  return out;
}
