// What the staff-account use cases are told and given: who acts (the admin, whose own account some
// changes may not touch), and the request's dependencies plus where invitations are sent from.
import type { StaffUserDeps } from '@clinicpay/domain';
import { actingFor, userIdOf } from '../acting.ts';
import type { TenantContext } from '../trpc.ts';

export const staffActingFor = (ctx: TenantContext) => ({ ...actingFor(ctx), actingUserId: userIdOf(ctx) });

export const staffUserDeps = (ctx: TenantContext): StaffUserDeps => ({
  users: ctx.deps.users,
  tokens: ctx.deps.tokens,
  passwords: ctx.deps.passwords,
  audit: ctx.deps.audit,
  clock: ctx.deps.clock,
  ids: ctx.deps.ids,
  organizations: ctx.deps.organizations,
  email: ctx.deps.messaging.senders.email,
  fromEmail: ctx.deps.messaging.senders.fromEmail,
  baseUrl: ctx.deps.publicBaseUrl,
});
