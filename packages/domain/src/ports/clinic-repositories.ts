// Tenant-scoped access to organizations, providers and patients: every method takes the tenant.
import type { Organization } from '../organizations/organization.ts';
import type { Patient } from '../patients/patient.ts';
import type { Provider } from '../providers/provider.ts';

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

export interface PatientRepository {
  findById(organizationId: string, id: string): Promise<Patient | null>;
  search(input: {
    organizationId: string;
    query?: string;
    limit: number;
    offset: number;
  }): Promise<{ items: Patient[]; total: number }>;
  save(patient: Patient): Promise<void>;
}
