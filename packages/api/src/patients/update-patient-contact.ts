// patients.updateContact — correct a patient's name, email, phone or preferred channel.
import { updatePatientContact } from '@clinicpay/domain';
import { actingFor } from '../acting.ts';
import { requirePermission, unwrap } from '../trpc.ts';
import { patientView } from '../views/patient-view.ts';
import {
  updatePatientContactInput,
  type UpdatePatientContactOutput,
} from './update-patient-contact.types.ts';

export const updatePatientContactProcedure = requirePermission('patients:write')
  .input(updatePatientContactInput)
  .mutation(async ({ ctx, input }): Promise<UpdatePatientContactOutput> => {
    const { id, ...changes } = input;
    return patientView(
      unwrap(await updatePatientContact({ ...actingFor(ctx), patientId: id, changes }, ctx.deps)),
    );
  });
