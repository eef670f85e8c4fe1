import { z } from 'zod';
import {
  AppError,
  createApiKey,
  inviteStaffUser,
  resendStaffInvite,
  revokeApiKey,
  updateOrganizationSettings,
  updateStaffUser,
  type Invitation,
  type StaffUserDeps,
} from '@clinicpay/domain';
import { authedProcedure, requirePermission, router, unwrap, type TenantContext } from '../trpc.ts';
import { toTrpcError } from '../errors.ts';
import type { ApiDeps } from '../context.ts';
import { apiKeyView, organizationView, providerView, userView } from './views.ts';

export const authRouter = router({
  /** Who is signed in, and where. */
  me: authedProcedure.query(async ({ ctx }) => {
    const auth = ctx.auth;
    const organizationId = auth.kind === 'api_key' ? auth.organizationId : auth.organizationId;
    const organization = organizationId ? await ctx.deps.organizations.findById(organizationId) : null;
    return {
      user: auth.kind === 'user' ? userView(auth.user) : null,
      apiKey: auth.kind === 'api_key' ? apiKeyView(auth.apiKey) : null,
      organization: organization ? organizationView(organization) : null,
    };
  }),
});

export const meRouter = router({
  /** The signed-in user's own setting: also email me when my links are paid, expire or fail. */
  setNotifyByEmail: authedProcedure
    .input(z.object({ enabled: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      if (ctx.auth.kind !== 'user')
        throw toTrpcError(AppError.forbidden('Only a signed-in user has notification settings'));
      const user = ctx.auth.user;
      user.notifyByEmail = input.enabled;
      await ctx.deps.users.save(user);
      return { notifyByEmail: user.notifyByEmail };
    }),
});

export const organizationRouter = router({
  get: requirePermission('links:read').query(async ({ ctx }) => {
    const org = await ctx.deps.organizations.findById(ctx.organizationId);
    if (!org) throw toTrpcError(AppError.notFound('Organization'));
    return organizationView(org);
  }),
  providers: requirePermission('links:read').query(async ({ ctx }) =>
    (await ctx.deps.providers.listByOrganization(ctx.organizationId)).map(providerView),
  ),
  users: requirePermission('users:manage').query(async ({ ctx }) =>
    (await ctx.deps.users.listByOrganization(ctx.organizationId)).map(userView),
  ),
  /** The clinic's messaging and expiring-card settings (admins). */
  settings: requirePermission('org:manage').query(async ({ ctx }) => {
    const org = await ctx.deps.organizations.findById(ctx.organizationId);
    if (!org) throw toTrpcError(AppError.notFound('Organization'));
    return org.settings;
  }),
  /** Profile and settings; each bad field is named (422) and nothing is saved. */
  update: requirePermission('org:manage')
    .input(
      z.object({
        name: z.string().max(300).optional(),
        contactPhone: z.string().max(40).nullish(),
        contactEmail: z.string().max(320).nullish(),
        timeZone: z.string().max(64).optional(),
        shortLinkBaseUrl: z.string().max(300).nullish(),
        quietHoursStart: z.number().optional(),
        quietHoursEnd: z.number().optional(),
        contactCapPerWeek: z.number().optional(),
        allowDescriptionInEmail: z.boolean().optional(),
        expiringCardAutomation: z.boolean().optional(),
        expiringCardLeadDays: z.number().optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const changes = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
      const org = unwrap(
        await updateOrganizationSettings(
          { organizationId: ctx.organizationId, actor: ctx.actor, requestId: ctx.requestId, changes },
          {
            organizations: ctx.deps.organizations,
            audit: ctx.deps.audit,
            clock: ctx.deps.clock,
            phones: ctx.deps.phones,
          },
        ),
      );
      return { ...organizationView(org), settings: org.settings };
    }),
});

const deps = (ctx: { deps: ApiDeps }) => ({
  apiKeys: ctx.deps.apiKeys,
  tokens: ctx.deps.tokens,
  audit: ctx.deps.audit,
  clock: ctx.deps.clock,
  ids: ctx.deps.ids,
});

export const apiKeysRouter = router({
  list: requirePermission('api-keys:manage').query(async ({ ctx }) =>
    (await ctx.deps.apiKeys.listByOrganization(ctx.organizationId)).map(apiKeyView),
  ),
  /** The plaintext key is in this response and nowhere else, ever. */
  create: requirePermission('api-keys:manage')
    .input(z.object({ name: z.string().max(100) }))
    .mutation(async ({ ctx, input }) => {
      const created = unwrap(
        await createApiKey(
          {
            organizationId: ctx.organizationId,
            name: input.name,
            actor: ctx.actor,
            createdByUserId: ctx.auth.kind === 'user' ? ctx.auth.user.id : null,
            requestId: ctx.requestId,
          },
          deps(ctx),
        ),
      );
      return { apiKey: apiKeyView(created.apiKey), plaintext: created.plaintext };
    }),
  revoke: requirePermission('api-keys:manage')
    .input(z.object({ id: z.string().max(100) }))
    .mutation(async ({ ctx, input }) =>
      apiKeyView(
        unwrap(
          await revokeApiKey(
            {
              organizationId: ctx.organizationId,
              apiKeyId: input.id,
              actor: ctx.actor,
              requestId: ctx.requestId,
            },
            deps(ctx),
          ),
        ),
      ),
    ),
});

const staffDeps = (ctx: TenantContext): StaffUserDeps => ({
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
const staffWho = (ctx: TenantContext) => ({
  organizationId: ctx.organizationId,
  actor: ctx.actor,
  actingUserId: ctx.auth.kind === 'user' ? ctx.auth.user.id : null,
  requestId: ctx.requestId,
});
/** The invitation link is in this response (for the admin to pass on if email is slow) and the email. */
const invitationView = (i: Invitation) => ({
  user: userView(i.user),
  inviteUrl: i.inviteUrl,
  emailed: i.emailed,
});

/** The clinic's staff accounts (ADMIN): invite, change role, disable and enable. */
export const usersRouter = router({
  list: requirePermission('users:manage').query(async ({ ctx }) =>
    (await ctx.deps.users.listByOrganization(ctx.organizationId)).map(userView),
  ),
  invite: requirePermission('users:manage')
    .input(z.object({ name: z.string().max(200), email: z.string().max(300), role: z.string().max(40) }))
    .mutation(async ({ ctx, input }) =>
      invitationView(unwrap(await inviteStaffUser({ ...staffWho(ctx), ...input }, staffDeps(ctx)))),
    ),
  resendInvite: requirePermission('users:manage')
    .input(z.object({ id: z.string().max(100) }))
    .mutation(async ({ ctx, input }) =>
      invitationView(unwrap(await resendStaffInvite({ ...staffWho(ctx), userId: input.id }, staffDeps(ctx)))),
    ),
  update: requirePermission('users:manage')
    .input(
      z.object({
        id: z.string().max(100),
        role: z.string().max(40).optional(),
        disabled: z.boolean().optional(),
      }),
    )
    .mutation(async ({ ctx, input }) =>
      userView(
        unwrap(
          await updateStaffUser(
            { ...staffWho(ctx), userId: input.id, role: input.role, disabled: input.disabled },
            staffDeps(ctx),
          ),
        ),
      ),
    ),
});
