// Tenant-scoped access to patients: every method takes the tenant (PatientStore in payment-links
// adds the lookups the link and messaging use cases need).
import type { Patient } from './patient.ts';

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
