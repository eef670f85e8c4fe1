import { describe, expect, it } from 'vitest';
import { describeActor } from './actor.ts';
import { can } from './can.ts';
import { PERMISSIONS } from './permission.ts';
import type { Permission } from './permission.ts';
import { isRole, ROLES } from './role.ts';
import type { Role } from './role.ts';

const Y = true;
const n = false;
// The whole policy, spelled out: a change to `can` must change this table too.
const EXPECTED: Record<Permission, Record<Role, boolean>> = {
  'links:create': { SUPER_ADMIN: Y, ADMIN: Y, PROVIDER: Y, BILLING: Y },
  'links:send': { SUPER_ADMIN: Y, ADMIN: Y, PROVIDER: Y, BILLING: Y },
  'links:cancel': { SUPER_ADMIN: Y, ADMIN: Y, PROVIDER: Y, BILLING: Y },
  'links:read': { SUPER_ADMIN: Y, ADMIN: Y, PROVIDER: Y, BILLING: Y },
  'patients:read': { SUPER_ADMIN: Y, ADMIN: Y, PROVIDER: Y, BILLING: Y },
  'patients:write': { SUPER_ADMIN: Y, ADMIN: Y, PROVIDER: Y, BILLING: Y },
  'analytics:read': { SUPER_ADMIN: Y, ADMIN: Y, PROVIDER: Y, BILLING: Y },
  'org:manage': { SUPER_ADMIN: Y, ADMIN: Y, PROVIDER: n, BILLING: n },
  'users:manage': { SUPER_ADMIN: Y, ADMIN: Y, PROVIDER: n, BILLING: n },
  'api-keys:manage': { SUPER_ADMIN: Y, ADMIN: Y, PROVIDER: n, BILLING: n },
};

describe('can', () => {
  it('covers every permission in the table', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...PERMISSIONS].sort());
  });

  for (const permission of PERMISSIONS) {
    for (const role of ROLES) {
      it(`${role} ${EXPECTED[permission][role] ? 'may' : 'may not'} ${permission}`, () => {
        expect(can(role, permission)).toBe(EXPECTED[permission][role]);
      });
    }
  }

  it('recognizes roles', () => {
    expect(isRole('BILLING')).toBe(true);
    expect(isRole('billing')).toBe(false);
  });
});

describe('describeActor', () => {
  it('names every kind of actor without PHI', () => {
    expect(describeActor({ type: 'user', userId: 'u1', role: 'ADMIN' })).toBe('user:u1');
    expect(describeActor({ type: 'api_key', apiKeyId: 'k1' })).toBe('api_key:k1');
    expect(describeActor({ type: 'system', name: 'expire-links' })).toBe('system:expire-links');
    expect(describeActor({ type: 'webhook', provider: 'stripe' })).toBe('webhook:stripe');
  });
});
