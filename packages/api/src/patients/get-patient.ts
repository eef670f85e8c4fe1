// patients.byId — one patient of the caller's organization (NotFound for any other).
import { AppError } from '@clinicpay/domain';
import { toTrpcError } from '../errors.ts';
import { requirePermission } from '../trpc.ts';
import { patientView } from '../views/patient-view.ts';
import { getPatientInput, type GetPatientOutput } from './get-patient.types.ts';

export const getPatientProcedure = requirePermission('patients:read')
  .input(getPatientInput)
  .query(async ({ ctx, input }): Promise<GetPatientOutput> => {
    const patient = await ctx.deps.patients.findById(ctx.organizationId, input.id);
    if (!patient) throw toTrpcError(AppError.notFound('Patient'));
    return patientView(patient);
  });
