// patients.list — search the caller's patients, a page at a time.
import { requirePermission } from '../trpc.ts';
import { patientView } from '../views/patient-view.ts';
import { listPatientsInput, type ListPatientsOutput } from './list-patients.types.ts';

export const listPatientsProcedure = requirePermission('patients:read')
  .input(listPatientsInput)
  .query(async ({ ctx, input }): Promise<ListPatientsOutput> => {
    const page = await ctx.deps.patients.search({ organizationId: ctx.organizationId, ...input });
    return { items: page.items.map(patientView), total: page.total };
  });
