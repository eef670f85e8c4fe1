// Who acts, for which clinic, in which request: what the audited use cases are told, taken from the
// tenant context in one place so every procedure tells them the same way.
import type { TenantContext } from './trpc.ts';

/** The signed-in staff member; null for an API key (which has no user). */
export const userIdOf = (ctx: TenantContext): string | null =>
  ctx.auth.kind === 'user' ? ctx.auth.user.id : null;

export const actingFor = (ctx: TenantContext) => ({
  organizationId: ctx.organizationId,
  actor: ctx.actor,
  requestId: ctx.requestId,
});

/** For use cases that record who created what (links, keys, bulk sends). */
export const creatingFor = (ctx: TenantContext) => ({ ...actingFor(ctx), createdByUserId: userIdOf(ctx) });
