// Organizations, providers and patients. Every method takes the tenant and puts it in the query.
import type { EntityManager } from '@mikro-orm/postgresql';
import { Organization, Patient, Provider } from '@clinicpay/domain';
import { isUuid } from './uuid.ts';

export class MikroOrganizationRepository {
  private readonly em: EntityManager;
  constructor(em: EntityManager) {
    this.em = em;
  }

  findById(organizationId: string): Promise<Organization | null> {
    return isUuid(organizationId)
      ? this.em.findOne(Organization, { id: organizationId })
      : Promise.resolve(null);
  }

  /** Platform-wide listing for SUPER_ADMIN: every use is audited by the caller. */
  unsafeListAll(): Promise<Organization[]> {
    return this.em.find(Organization, {}, { orderBy: { name: 'asc' } });
  }

  async save(org: Organization): Promise<void> {
    org.updatedAt = new Date();
    await this.em.persist(org).flush();
  }
}

export class MikroProviderRepository {
  private readonly em: EntityManager;
  constructor(em: EntityManager) {
    this.em = em;
  }

  findById(organizationId: string, id: string): Promise<Provider | null> {
    return isUuid(id) ? this.em.findOne(Provider, { id, organizationId }) : Promise.resolve(null);
  }

  listByOrganization(organizationId: string): Promise<Provider[]> {
    return this.em.find(Provider, { organizationId }, { orderBy: { name: 'asc' } });
  }

  async save(provider: Provider): Promise<void> {
    provider.updatedAt = new Date();
    await this.em.persist(provider).flush();
  }
}

export type PatientSearch = { organizationId: string; query?: string; limit: number; offset: number };

export class MikroPatientRepository {
  private readonly em: EntityManager;
  constructor(em: EntityManager) {
    this.em = em;
  }

  findById(organizationId: string, id: string): Promise<Patient | null> {
    return isUuid(id) ? this.em.findOne(Patient, { id, organizationId }) : Promise.resolve(null);
  }

  async search(input: PatientSearch): Promise<{ items: Patient[]; total: number }> {
    const q = input.query?.trim();
    const like = q ? `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
    const where = like
      ? {
          organizationId: input.organizationId,
          $or: [{ name: { $ilike: like } }, { email: { $ilike: like } }, { phone: { $ilike: like } }],
        }
      : { organizationId: input.organizationId };
    const [items, total] = await this.em.findAndCount(Patient, where, {
      orderBy: { name: 'asc', id: 'asc' },
      limit: input.limit,
      offset: input.offset,
    });
    return { items, total };
  }

  async save(patient: Patient): Promise<void> {
    patient.updatedAt = new Date();
    await this.em.persist(patient).flush();
  }
}
