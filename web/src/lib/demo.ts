/** A demo sign-in offered on the sign-in page (GET /api/demo/accounts answers only in demo mode). */
export interface DemoAccount {
  readonly login: string;
  readonly password: string;
  readonly role: string;
  readonly name: string;
  readonly organisation: string | null;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Reads `{accounts: [...]}` (or a bare list, or `{items}`); entries without a login and password are left out. */
export function parseDemoAccounts(body: unknown): DemoAccount[] {
  const raw = Array.isArray(body) ? body : isRecord(body) ? (body.accounts ?? body.items) : null;
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((a) => {
    if (!isRecord(a) || typeof a.login !== 'string' || typeof a.password !== 'string') return [];
    const roles = Array.isArray(a.roles) ? a.roles : [];
    const role = typeof a.role === 'string' ? a.role : typeof roles[0] === 'string' ? roles[0] : '';
    const name = typeof a.displayName === 'string' ? a.displayName : a.login;
    const organisation =
      isRecord(a.organisation) && typeof a.organisation.name === 'string' ? a.organisation.name : null;
    return [{ login: a.login, password: a.password, role, name, organisation }];
  });
}
