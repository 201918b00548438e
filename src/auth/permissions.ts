/** Roles and what each may do. Permissions are data: one table, checked in one place (access.ts). */
export const ROLES = ['admin', 'supervisor', 'operator', 'executor', 'analyst', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'signals:read',
  'signals:write',
  'signals:pii',
  'quarantine:read',
  'cases:read',
  'cases:write',
  'cases:pii',
  'cases:approve',
  'mentions:read',
  'analytics:read',
  'alerts:write',
  'settings:read',
  'settings:write',
  'users:admin',
  'audit:read',
  'import:write',
  'model:train',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  admin: PERMISSIONS,
  supervisor: [
    'signals:read',
    'signals:write',
    'signals:pii',
    'cases:read',
    'cases:write',
    'cases:pii',
    'cases:approve',
    'mentions:read',
    'analytics:read',
    'alerts:write',
    'settings:read',
    'model:train',
  ],
  operator: [
    'signals:read',
    'signals:write',
    'signals:pii',
    'cases:read',
    'cases:write',
    'cases:pii',
    'mentions:read',
  ],
  executor: ['cases:read', 'cases:write', 'cases:pii'],
  analyst: ['mentions:read', 'analytics:read', 'alerts:write'],
  auditor: ['audit:read', 'analytics:read', 'settings:read'],
};

export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  const set = new Set<Permission>();
  for (const r of roles) for (const p of ROLE_PERMISSIONS[r]) set.add(p);
  return set;
}
