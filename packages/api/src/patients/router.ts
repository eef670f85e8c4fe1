// The clinic's patients: search, read one, correct contact details.
import { router } from '../trpc.ts';
import { getPatientProcedure } from './get-patient.ts';
import { listPatientsProcedure } from './list-patients.ts';
import { updatePatientContactProcedure } from './update-patient-contact.ts';

export const patientsRouter = router({
  list: listPatientsProcedure,
  byId: getPatientProcedure,
  updateContact: updatePatientContactProcedure,
});
