import { createUser } from '../accounts/service.js';
import type { AppContext } from '../app/context.js';
import type { Role } from '../auth/permissions.js';
import { FIRST_NAMES } from './people.js';
import * as repo from './repository.js';

/** A sign-in of the demo region; the passwords are public on purpose and exist only in demo mode. */
export interface DemoAccount {
  readonly login: string;
  readonly password: string;
  readonly roles: readonly Role[];
  readonly displayName: string;
  /** Preferred organisation code, then the kind to fall back on when the region has no such code. */
  readonly organisation?: { readonly code: string; readonly kind: string };
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { login: 'demo.admin', password: 'demo-admin-109', roles: ['admin'], displayName: 'Администратор (демо)' },
  {
    login: 'demo.supervisor',
    password: 'demo-supervisor-109',
    roles: ['supervisor'],
    displayName: 'Руководитель службы 109 (демо)',
    organisation: { code: 'call-centre-109', kind: 'call_centre' },
  },
  {
    login: 'demo.operator',
    password: 'demo-operator-109',
    roles: ['operator'],
    displayName: 'Оператор 109 (демо)',
    organisation: { code: 'call-centre-109', kind: 'call_centre' },
  },
  {
    login: 'demo.water',
    password: 'demo-water-109',
    roles: ['executor'],
    displayName: 'Исполнитель: Водоканал (демо)',
    organisation: { code: 'water-utility', kind: 'utility' },
  },
  {
    login: 'demo.akimat',
    password: 'demo-akimat-109',
    roles: ['executor'],
    displayName: 'Исполнитель: акимат Шуского района (демо)',
    organisation: { code: 'akimat-shu', kind: 'district_akimat' },
  },
  {
    login: 'demo.analyst',
    password: 'demo-analyst-109',
    roles: ['analyst'],
    displayName: 'Аналитик ситуационного центра (демо)',
  },
  { login: 'demo.auditor', password: 'demo-auditor-109', roles: ['auditor'], displayName: 'Аудитор (демо)' },
];

export interface DemoAccountView {
  readonly login: string;
  readonly password: string;
  readonly roles: readonly Role[];
  readonly displayName: string;
  readonly organisation: { readonly code: string; readonly name: string } | null;
}

type Org = Awaited<ReturnType<typeof repo.organisations>>[number];

function organisationOf(a: DemoAccount, orgs: readonly Org[]): Org | null {
  if (!a.organisation) return null;
  const want = a.organisation;
  return orgs.find((o) => o.code === want.code) ?? orgs.find((o) => o.kind === want.kind) ?? null;
}

/** Creates the demo sign-ins that are missing (idempotent) and returns every one that exists. */
export async function ensureDemoAccounts(ctx: AppContext): Promise<DemoAccountView[]> {
  const orgs = await repo.organisations(ctx.db);
  const existing = new Set(
    (
      await repo.demoUsersByLogin(
        ctx.db,
        DEMO_ACCOUNTS.map((a) => a.login),
      )
    ).map((u) => u.login),
  );
  for (const a of DEMO_ACCOUNTS) {
    if (existing.has(a.login)) continue;
    const org = organisationOf(a, orgs);
    if (a.organisation && !org) continue;
    await createUser(
      ctx,
      {
        login: a.login,
        password: a.password,
        displayName: a.displayName,
        roles: [...a.roles],
        organisations: org ? [org.id] : [],
        isDemo: true,
      },
      'demo',
    );
  }
  return demoAccounts(ctx);
}

/** The demo sign-ins present in the database, with their public passwords. */
export async function demoAccounts(ctx: AppContext): Promise<DemoAccountView[]> {
  const orgs = await repo.organisations(ctx.db);
  const present = new Set(
    (
      await repo.demoUsersByLogin(
        ctx.db,
        DEMO_ACCOUNTS.map((a) => a.login),
      )
    ).map((u) => u.login),
  );
  return DEMO_ACCOUNTS.filter((a) => present.has(a.login)).map((a) => {
    const org = organisationOf(a, orgs);
    return {
      login: a.login,
      password: a.password,
      roles: a.roles,
      displayName: a.displayName,
      organisation: org ? { code: org.code, name: org.name_ru } : null,
    };
  });
}

/** Staff of every organisation (no password: they cannot sign in), so that cases have executors. */
export async function ensureStaff(ctx: AppContext) {
  const orgs = await repo.organisations(ctx.db);
  const users = await repo.staff(ctx.db);
  const missing: Array<{
    login: string;
    displayName: string;
    roles: string[];
    organisationId: number | null;
  }> = [];
  let n = 0;
  const name = () => FIRST_NAMES[n++ % FIRST_NAMES.length]?.[0] ?? 'Сотрудник';
  for (const o of orgs) {
    const has = users.some((u) => u.is_demo === 1 && u.login.startsWith(`demo.staff.${o.code}.`));
    if (has) continue;
    const count = o.kind === 'call_centre' ? 4 : 2;
    for (let i = 1; i <= count; i++) {
      const call = o.kind === 'call_centre';
      missing.push({
        login: `demo.staff.${o.code}.${i}`,
        displayName: `${name()} (${o.name_ru})`,
        roles: [call ? 'operator' : 'executor'],
        organisationId: o.id,
      });
    }
  }
  if (missing.length) await repo.insertStaff(ctx.db, missing, ctx.now());
  const all = await repo.staff(ctx.db);
  const executors = new Map<number, number[]>();
  for (const u of all) {
    if (!u.roles.includes('executor')) continue;
    for (const org of u.organisations) executors.set(org, [...(executors.get(org) ?? []), u.id]);
  }
  const operators = all.filter((u) => u.roles.includes('operator')).map((u) => u.id);
  return { executors, operators, organisations: orgs };
}
