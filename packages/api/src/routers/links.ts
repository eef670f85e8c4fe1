// Payment links and card-update links: create, read, list, cancel, regenerate; the expiring-card scan.
import { z } from 'zod';
import {
  AppError,
  cancelLink,
  createCardUpdateLink,
  createCheckoutLink,
  regenerateLink,
  scanExpiringCards,
  syncCardOnFile,
  type CreatedLink,
  type PaymentLink,
  resolveDateRange,
} from '@clinicpay/domain';
import { requirePermission, router, unwrap, type TenantContext } from '../trpc.ts';
import { toTrpcError } from '../errors.ts';
import { patientView } from './views.ts';
import { linkView, paymentView } from './link-views.ts';
import { messageView } from './messaging.ts';

const id = z.string().min(1).max(100);
const amountish = z.union([z.number(), z.string().max(32)]);
const sendVia = z.array(z.string().max(20)).max(2).optional();

const checkoutInput = z.object({
  patientId: id,
  providerId: id.nullish(),
  amount: amountish.nullish(),
  items: z
    .array(z.object({ name: z.string().max(250), price: amountish, quantity: z.number() }))
    .max(100)
    .nullish(),
  description: z.string().nullish(),
  currency: z.string().max(3).optional(),
  expiresIn: z.number().optional(),
  sendVia,
  customMessage: z.string().nullish(),
});

const cardUpdateInput = z.object({
  patientId: id,
  customerId: z.string().max(100).nullish(),
  providerId: id.nullish(),
  reason: z.string().nullish(),
  expiresIn: z.number().optional(),
  sendVia,
  customMessage: z.string().nullish(),
});

function who(ctx: TenantContext) {
  return {
    organizationId: ctx.organizationId,
    actor: ctx.actor,
    createdByUserId: ctx.auth.kind === 'user' ? ctx.auth.user.id : null,
    requestId: ctx.requestId,
  };
}

async function shortUrlOf(ctx: TenantContext, link: PaymentLink): Promise<string> {
  const org = await ctx.deps.organizations.findById(ctx.organizationId);
  if (!org) throw toTrpcError(AppError.notFound('Organization'));
  return ctx.deps.paymentLinks.urls.shortUrl(org, link.shortCode);
}

const created = (c: CreatedLink) => ({
  ...linkView(c.link, c.shortUrl),
  sentTo: c.sentTo,
  messages: c.messages.map(messageView),
});

export const linksRouter = router({
  createCheckout: requirePermission('links:create')
    .input(checkoutInput)
    .mutation(async ({ ctx, input }) => {
      const result = await createCheckoutLink(
        {
          ...who(ctx),
          patientId: input.patientId,
          providerId: input.providerId ?? null,
          amount: input.amount ?? undefined,
          items: input.items ?? null,
          description: input.description ?? null,
          ...(input.currency ? { currency: input.currency.toUpperCase() } : {}),
          ...(input.expiresIn !== undefined ? { expiresInHours: input.expiresIn } : {}),
          sendVia: input.sendVia ?? [],
          customMessage: input.customMessage ?? null,
        },
        ctx.deps.paymentLinks,
      );
      return created(unwrap(result));
    }),

  createCardUpdate: requirePermission('links:create')
    .input(cardUpdateInput)
    .mutation(async ({ ctx, input }) => {
      const result = await createCardUpdateLink(
        {
          ...who(ctx),
          patientId: input.patientId,
          providerId: input.providerId ?? null,
          customerId: input.customerId ?? null,
          reason: input.reason ?? null,
          ...(input.expiresIn !== undefined ? { expiresInHours: input.expiresIn } : {}),
          sendVia: input.sendVia ?? [],
          customMessage: input.customMessage ?? null,
        },
        ctx.deps.paymentLinks,
      );
      return created(unwrap(result));
    }),

  get: requirePermission('links:read')
    .input(z.object({ id }))
    .query(async ({ ctx, input }) => {
      const link = await ctx.deps.paymentLinks.repos.links.findById(ctx.organizationId, input.id);
      if (!link) throw toTrpcError(AppError.notFound('Link'));
      const [messages, payments, timeline, patient] = await Promise.all([
        ctx.deps.messaging.repos.messages.listByLink(ctx.organizationId, link.id),
        ctx.deps.paymentLinks.repos.payments.listByLink(ctx.organizationId, link.id),
        ctx.deps.paymentLinks.repos.linkEvents.list(ctx.organizationId, link.id),
        ctx.deps.patients.findById(ctx.organizationId, link.patientId),
      ]);
      return {
        ...linkView(link, await shortUrlOf(ctx, link)),
        patient: patient ? patientView(patient) : null,
        payments: payments.map(paymentView),
        messages: messages.map(messageView),
        timeline: timeline.map((e) => ({ type: e.type, at: e.occurredAt.toISOString(), data: e.data ?? {} })),
      };
    }),

  list: requirePermission('links:read')
    .input(
      z.object({
        status: z
          .enum(['ACTIVE', 'COMPLETED', 'EXPIRED', 'CANCELLED', 'REFUNDED', 'PARTIALLY_REFUNDED'])
          .optional(),
        type: z.enum(['CHECKOUT', 'CARD_UPDATE']).optional(),
        patientId: id.optional(),
        providerId: id.optional(),
        channel: z.enum(['email', 'sms', 'direct']).optional(),
        /** Patient name, email or phone, or words of the description. */
        q: z.string().trim().max(200).optional(),
        /** Created on or after this date, in the clinic's time zone (YYYY-MM-DD). */
        from: z.string().max(40).optional(),
        /** Created on or before this date, in the clinic's time zone (YYYY-MM-DD). */
        to: z.string().max(40).optional(),
        sort: z.enum(['created', 'amount', 'expires']).optional(),
        limit: z.number().int().min(1).max(100).default(25),
        offset: z.number().int().min(0).max(1_000_000).default(0),
      }),
    )
    .query(async ({ ctx, input }) => {
      const org = await ctx.deps.organizations.findById(ctx.organizationId);
      if (!org) throw toTrpcError(AppError.notFound('Organization'));
      const { q, from, to, ...filters } = input;
      const range = unwrap(resolveDateRange({ from, to }, org.timeZone));
      const page = await ctx.deps.paymentLinks.repos.links.list({
        organizationId: ctx.organizationId,
        ...filters,
        ...(q ? { search: q } : {}),
        ...(range.from ? { createdFrom: range.from } : {}),
        ...(range.before ? { createdBefore: range.before } : {}),
      });
      return {
        items: page.items.map((l) => linkView(l, ctx.deps.paymentLinks.urls.shortUrl(org, l.shortCode))),
        total: page.total,
      };
    }),

  cancel: requirePermission('links:cancel')
    .input(z.object({ id }))
    .mutation(async ({ ctx, input }) => {
      const link = unwrap(await cancelLink({ ...who(ctx), linkId: input.id }, ctx.deps.paymentLinks));
      return linkView(link, await shortUrlOf(ctx, link));
    }),

  regenerate: requirePermission('links:create')
    .input(z.object({ id, expiresIn: z.number().optional() }))
    .mutation(async ({ ctx, input }) =>
      created(
        unwrap(
          await regenerateLink(
            {
              ...who(ctx),
              linkId: input.id,
              ...(input.expiresIn !== undefined ? { expiresInHours: input.expiresIn } : {}),
            },
            ctx.deps.paymentLinks,
          ),
        ),
      ),
    ),
});

export const cardsRouter = router({
  /** Dry run: who would get a card-update link now, and who would be skipped and why. */
  previewExpiringScan: requirePermission('org:manage').query(async ({ ctx }) =>
    unwrap(await scanExpiringCards({ ...who(ctx), dryRun: true }, ctx.deps.paymentLinks)),
  ),
  runExpiringScan: requirePermission('org:manage').mutation(async ({ ctx }) =>
    unwrap(await scanExpiringCards({ ...who(ctx), dryRun: false }, ctx.deps.paymentLinks)),
  ),
  sync: requirePermission('patients:write')
    .input(z.object({ patientId: id }))
    .mutation(async ({ ctx, input }) =>
      patientView(
        unwrap(
          await syncCardOnFile(
            { organizationId: ctx.organizationId, patientId: input.patientId },
            ctx.deps.paymentLinks,
          ),
        ),
      ),
    ),
});
