export const Permission = {
  LINKS_CREATE: 'links:create',
  LINKS_SEND: 'links:send',
  LINKS_CANCEL: 'links:cancel',
  LINKS_READ: 'links:read',
  PATIENTS_READ: 'patients:read',
  PATIENTS_WRITE: 'patients:write',
  ORG_MANAGE: 'org:manage',
  USERS_MANAGE: 'users:manage',
  API_KEYS_MANAGE: 'api-keys:manage',
  ANALYTICS_READ: 'analytics:read',
} as const;
export type Permission = (typeof Permission)[keyof typeof Permission];

export const PERMISSIONS: readonly Permission[] = Object.values(Permission);
