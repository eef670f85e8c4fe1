// Organizations and their providers: every method that reads tenant data takes the tenant.
import type { Organization } from './organization.ts';
import type { Provider } from './provider.ts';

export interface OrganizationRepository {
  findById(organizationId: string): Promise<Organization | null>;
  /** Platform-wide, for SUPER_ADMIN only; callers audit every use. */
  unsafeListAll(): Promise<Organization[]>;
  save(organization: Organization): Promise<void>;
}

export interface ProviderRepository {
  findById(organizationId: string, id: string): Promise<Provider | null>;
  listByOrganization(organizationId: string): Promise<Provider[]>;
  save(provider: Provider): Promise<void>;
}
