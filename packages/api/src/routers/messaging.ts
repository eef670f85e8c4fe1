// Sending links (send / resend), retrying failed messages, message templates with preview.
import { z } from 'zod';
import {
  AppError,
  DEFAULT_TEMPLATES,
  renderMessage,
  resendLink,
  retryMessage,
  validateTemplateOverride,
  type Message,
} from '@clinicpay/domain';
import { requirePermission, router, unwrap, type TenantContext } from '../trpc.ts';
import { toTrpcError } from '../errors.ts';

const id = z.string().min(1).max(100);
const kind = z.enum(['payment_request', 'card_update_request']);
const part = z.enum(['sms', 'email_subject', 'email_text']);

export const messageView = (m: Message) => ({
  id: m.id,
  linkId: m.linkId,
  channel: m.channel,
  reason: m.reason,
  recipient: m.recipient,
  status: m.status,
  refusedReason: m.refusedReason,
  errorCode: m.errorCode,
  errorMessage: m.errorMessage,
  attempts: m.attempts,
  segments: m.segments,
  scheduledFor: m.scheduledFor?.toISOString() ?? null,
  sentAt: m.sentAt?.toISOString() ?? null,
  deliveredAt: m.deliveredAt?.toISOString() ?? null,
  failedAt: m.failedAt?.toISOString() ?? null,
  fallbackReason: m.fallbackReason,
  createdAt: m.createdAt.toISOString(),
});

const who = (ctx: TenantContext) => ({
  organizationId: ctx.organizationId,
  actor: ctx.actor,
  requestId: ctx.requestId,
});

const SAMPLE = {
  clinicName: 'Riverside Family Clinic',
  clinicPhone: '+1 202-555-0100',
  amount: '$150.00',
  link: 'https://pay.example.com/go/k7m2pq9xr4tz8wc',
  expiresAt: 'Mar 18, 2026, 3:00 PM',
  customMessage: '',
  description: 'Office Visit - March 15',
};

export const messagingRouter = router({
  /** Send (or send again) an active link by email and/or SMS. */
  send: requirePermission('links:send')
    .input(
      z.object({
        linkId: id,
        channels: z
          .array(z.enum(['email', 'sms']))
          .min(1)
          .max(2),
        customMessage: z.string().max(320).nullish(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const queued = unwrap(
        await resendLink(
          {
            ...who(ctx),
            linkId: input.linkId,
            channels: input.channels,
            customMessage: input.customMessage ?? null,
          },
          ctx.deps.messaging,
        ),
      );
      return { messages: queued.messages.map(messageView), sentTo: queued.sentTo };
    }),

  retry: requirePermission('links:send')
    .input(z.object({ messageId: id }))
    .mutation(async ({ ctx, input }) => {
      const queued = unwrap(
        await retryMessage({ ...who(ctx), messageId: input.messageId }, ctx.deps.messaging),
      );
      return { messages: queued.messages.map(messageView), sentTo: queued.sentTo };
    }),

  forLink: requirePermission('links:read')
    .input(z.object({ linkId: id }))
    .query(async ({ ctx, input }) => {
      const link = await ctx.deps.paymentLinks.repos.links.findById(ctx.organizationId, input.linkId);
      if (!link) throw toTrpcError(AppError.notFound('Link'));
      return (await ctx.deps.messaging.repos.messages.listByLink(ctx.organizationId, link.id)).map(
        messageView,
      );
    }),

  templates: requirePermission('links:read').query(async ({ ctx }) => {
    const result = [];
    for (const k of ['payment_request', 'card_update_request'] as const) {
      result.push({
        kind: k,
        defaults: DEFAULT_TEMPLATES[k],
        overrides: await ctx.deps.messaging.repos.templates.overrides(ctx.organizationId, k),
      });
    }
    return result;
  }),

  /** Save (or, with null, reset) one part of a template; refuses a template with problems. */
  setTemplate: requirePermission('org:manage')
    .input(z.object({ kind, part, body: z.string().max(2000).nullable() }))
    .mutation(async ({ ctx, input }) => {
      if (input.body !== null) {
        const problems = validateTemplateOverride(input.part, input.body);
        const errors = problems.filter((p) => p.severity === 'error');
        if (errors.length > 0) {
          throw toTrpcError(
            AppError.validationErrors(errors.map((p) => ({ field: 'body', message: p.message }))),
          );
        }
      }
      await ctx.deps.messaging.repos.templates.set(
        ctx.organizationId,
        input.kind,
        input.part,
        input.body,
        ctx.deps.clock.now(),
      );
      return { ok: true };
    }),

  /** What a patient would receive, with the SMS segment count, for the given (unsaved) texts. */
  preview: requirePermission('links:read')
    .input(
      z.object({
        kind,
        overrides: z
          .object({
            sms: z.string().max(2000),
            email_subject: z.string().max(500),
            email_text: z.string().max(5000),
          })
          .partial()
          .optional(),
        customMessage: z.string().max(320).optional(),
        amount: z.string().max(32).optional(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const org = await ctx.deps.organizations.findById(ctx.organizationId);
      const stored = await ctx.deps.messaging.repos.templates.overrides(ctx.organizationId, input.kind);
      const overrides = { ...stored, ...input.overrides };
      const vars = {
        ...SAMPLE,
        clinicName: org?.name ?? SAMPLE.clinicName,
        clinicPhone: org?.contactPhone ?? '',
        customMessage: input.customMessage ?? '',
        amount: input.amount ?? SAMPLE.amount,
      };
      const common = { overrides, allowDescriptionInEmail: org?.settings.allowDescriptionInEmail ?? false };
      const sms =
        input.kind === 'payment_request'
          ? renderMessage({ kind: 'payment_request', vars, channel: 'sms', ...common })
          : renderMessage({ kind: 'card_update_request', vars, channel: 'sms', ...common });
      const email =
        input.kind === 'payment_request'
          ? renderMessage({
              kind: 'payment_request',
              vars,
              channel: 'email',
              ...common,
              unsubscribeUrl: 'https://pay.example.com/unsubscribe/…',
            })
          : renderMessage({
              kind: 'card_update_request',
              vars,
              channel: 'email',
              ...common,
              unsubscribeUrl: 'https://pay.example.com/unsubscribe/…',
            });
      return {
        sms,
        email,
        problems: Object.entries(input.overrides ?? {}).flatMap(([p, body]) =>
          validateTemplateOverride(p as 'sms', body ?? ''),
        ),
      };
    }),
});
