// Users, staff sessions and API keys. Methods that are not tenant-scoped are named unsafe… and are
// the credential lookups that establish the tenant in the first place.
import type { EntityManager } from '@mikro-orm/postgresql';
import { ApiKey, StaffSession, User } from '@clinicpay/domain';
import type { ApiKeyRepository, StaffSessionRepository, UserRepository } from '@clinicpay/domain';
import { isUuid } from './uuid.ts';

export class MikroUserRepository implements UserRepository {
  private readonly em: EntityManager;
  constructor(em: EntityManager) {
    this.em = em;
  }

  unsafeFindByEmailForSignIn(email: string): Promise<User | null> {
    return this.em.findOne(User, { email: email.trim().toLowerCase() });
  }

  unsafeFindByIdForSession(id: string): Promise<User | null> {
    return isUuid(id) ? this.em.findOne(User, { id }) : Promise.resolve(null);
  }

  unsafeFindByInviteTokenHash(tokenHash: string): Promise<User | null> {
    return this.em.findOne(User, { inviteTokenHash: tokenHash });
  }

  findById(organizationId: string, id: string): Promise<User | null> {
    return isUuid(id) ? this.em.findOne(User, { id, organizationId }) : Promise.resolve(null);
  }

  listByOrganization(organizationId: string): Promise<User[]> {
    return this.em.find(User, { organizationId }, { orderBy: { name: 'asc' } });
  }

  async save(user: User): Promise<void> {
    user.updatedAt = new Date();
    await this.em.persist(user).flush();
  }
}

export class MikroStaffSessionRepository implements StaffSessionRepository {
  private readonly em: EntityManager;
  constructor(em: EntityManager) {
    this.em = em;
  }

  unsafeFindByTokenHash(tokenHash: string): Promise<StaffSession | null> {
    return this.em.findOne(StaffSession, { tokenHash });
  }

  async save(session: StaffSession): Promise<void> {
    await this.em.persist(session).flush();
  }
}

export class MikroApiKeyRepository implements ApiKeyRepository {
  private readonly em: EntityManager;
  constructor(em: EntityManager) {
    this.em = em;
  }

  unsafeFindByPrefix(prefix: string): Promise<ApiKey | null> {
    return this.em.findOne(ApiKey, { prefix });
  }

  findById(organizationId: string, id: string): Promise<ApiKey | null> {
    return isUuid(id) ? this.em.findOne(ApiKey, { id, organizationId }) : Promise.resolve(null);
  }

  listByOrganization(organizationId: string): Promise<ApiKey[]> {
    return this.em.find(ApiKey, { organizationId }, { orderBy: { createdAt: 'desc' } });
  }

  async save(key: ApiKey): Promise<void> {
    await this.em.persist(key).flush();
  }
}
