import type { Role } from './role.ts';

// A staff member who signs in to the dashboard. SUPER_ADMIN users belong to no organization.
export class User {
  id!: string;
  organizationId: string | null = null;
  email!: string;
  name!: string;
  role!: Role;
  /** argon2id PHC string; never leaves the infrastructure layer. */
  passwordHash!: string;
  disabledAt: Date | null = null;
  /** An invited user's one-time link (its hash) to set a password; null once accepted. */
  inviteTokenHash: string | null = null;
  inviteExpiresAt: Date | null = null;
  lastLoginAt: Date | null = null;
  /** Also email this user when one of their links is paid or expires (in-app notices always). */
  notifyByEmail = false;
  createdAt!: Date;
  updatedAt!: Date;

  static create(input: {
    id: string;
    organizationId: string | null;
    email: string;
    name: string;
    role: Role;
    passwordHash: string;
    now: Date;
  }): User {
    const user = new User();
    user.id = input.id;
    user.organizationId = input.organizationId;
    user.email = input.email.trim().toLowerCase();
    user.name = input.name;
    user.role = input.role;
    user.passwordHash = input.passwordHash;
    user.createdAt = input.now;
    user.updatedAt = input.now;
    return user;
  }

  get isActive(): boolean {
    return this.disabledAt === null;
  }
}
