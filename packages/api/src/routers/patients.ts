import { z } from 'zod';
import { AppError, isValidEmail } from '@clinicpay/domain';
import { requirePermission, router } from '../trpc.ts';
import { toTrpcError } from '../errors.ts';
import { patientView } from './views.ts';

const id = z.string().min(1).max(100);

export const patientsRouter = router({
  list: requirePermission('patients:read')
    .input(
      z.object({
        query: z.string().max(200).optional(),
        limit: z.number().int().min(1).max(100).default(25),
        offset: z.number().int().min(0).max(1_000_000).default(0),
      }),
    )
    .query(async ({ ctx, input }) => {
      const page = await ctx.deps.patients.search({ organizationId: ctx.organizationId, ...input });
      return { items: page.items.map(patientView), total: page.total };
    }),

  byId: requirePermission('patients:read')
    .input(z.object({ id }))
    .query(async ({ ctx, input }) => {
      const patient = await ctx.deps.patients.findById(ctx.organizationId, input.id);
      if (!patient) throw toTrpcError(AppError.notFound('Patient'));
      return patientView(patient);
    }),

  updateContact: requirePermission('patients:write')
    .input(
      z.object({
        id,
        name: z.string().trim().min(1, 'Name is required').max(200).optional(),
        email: z.string().trim().max(254).nullable().optional(),
        phone: z.string().trim().max(20).nullable().optional(),
        preferredChannel: z.enum(['email', 'sms']).nullable().optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const patient = await ctx.deps.patients.findById(ctx.organizationId, input.id);
      if (!patient) throw toTrpcError(AppError.notFound('Patient'));
      const fieldErrors = [];
      if (input.email && !isValidEmail(input.email))
        fieldErrors.push({ field: 'email', message: 'Not a valid email address' });
      // National formats are read in the clinic's country (US for now); stored as E.164.
      const phone = input.phone ? ctx.deps.phones.toE164(input.phone, 'US') : null;
      if (input.phone && !phone) {
        fieldErrors.push({
          field: 'phone',
          message: 'Not a valid phone number, e.g. +12025550123 or (202) 555-0123',
        });
      }
      if (fieldErrors.length) throw toTrpcError(AppError.validationErrors(fieldErrors));
      if (input.name !== undefined) patient.name = input.name;
      if (input.email !== undefined) {
        const email = input.email ? input.email.toLowerCase() : null;
        if (email !== patient.email) patient.emailUnusableAt = null;
        patient.email = email;
      }
      if (input.phone !== undefined) {
        // A STOP belongs to the number that sent it; a new number starts without one.
        if (phone !== patient.phone) patient.smsOptedOutAt = null;
        patient.phone = phone;
      }
      if (input.preferredChannel !== undefined) patient.preferredChannel = input.preferredChannel;
      await ctx.deps.patients.save(patient);
      await ctx.deps.audit.append({
        organizationId: ctx.organizationId,
        actor: ctx.actor,
        action: 'patient.update_contact',
        entityType: 'patient',
        entityId: patient.id,
        requestId: ctx.requestId,
        occurredAt: ctx.deps.clock.now(),
        data: { fields: Object.keys(input).filter((k) => k !== 'id') },
      });
      return patientView(patient);
    }),
});
