// What the API shows of a link. Amounts go out as decimals of the link's currency (150.00 → 150);
// the Stripe page's address only while the link can be paid.
import { z } from 'zod';
import {
  CHANNELS,
  LINK_STATUSES,
  LINK_TYPES,
  SUPPORTED_CURRENCIES,
  type CreatedLink,
  type PaymentLink,
} from '@clinicpay/domain';
import { decimal } from './money.ts';
import { messageView, messageViewSchema, sentToSchema } from './message-view.ts';

export const linkViewSchema = z.object({
  id: z.string(),
  type: z.enum(LINK_TYPES),
  status: z.enum(LINK_STATUSES),
  amount: z.number().nullable(),
  currency: z.enum(SUPPORTED_CURRENCIES),
  items: z.array(z.object({ name: z.string(), price: z.number().nullable(), quantity: z.number() })),
  description: z.string().nullable(),
  patientId: z.string(),
  providerId: z.string().nullable(),
  shortUrl: z.string(),
  fullUrl: z.string().nullable(),
  expiresAt: z.string(),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
  expiredAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  receiptUrl: z.string().nullable(),
  refundedAmount: z.number().nullable(),
  lastPaymentFailure: z
    .object({ code: z.string().nullable(), message: z.string().nullable(), at: z.string() })
    .nullable(),
  sendVia: z.array(z.enum(CHANNELS)),
  customMessage: z.string().nullable(),
  clickCount: z.number(),
  lastClickedAt: z.string().nullable(),
  regeneratedFromLinkId: z.string().nullable(),
});
export type LinkView = z.infer<typeof linkViewSchema>;

export const linkView = (link: PaymentLink, shortUrl: string): LinkView => ({
  id: link.id,
  type: link.type,
  status: link.status,
  amount: decimal(link.amountMinor, link.currency),
  currency: link.currency,
  items: link.lineItems.map((i) => ({
    name: i.name,
    price: decimal(i.unitAmountMinor, link.currency),
    quantity: i.quantity,
  })),
  description: link.description,
  patientId: link.patientId,
  providerId: link.providerId,
  shortUrl,
  fullUrl: link.status === 'ACTIVE' ? link.stripeSessionUrl : null,
  expiresAt: link.expiresAt.toISOString(),
  createdAt: link.createdAt.toISOString(),
  completedAt: link.completedAt?.toISOString() ?? null,
  expiredAt: link.expiredAt?.toISOString() ?? null,
  cancelledAt: link.cancelledAt?.toISOString() ?? null,
  receiptUrl: link.receiptUrl,
  refundedAmount: decimal(link.refundedMinor, link.currency),
  lastPaymentFailure: link.lastPaymentFailedAt
    ? {
        code: link.lastPaymentFailureCode,
        message: link.lastPaymentFailureMessage,
        at: link.lastPaymentFailedAt.toISOString(),
      }
    : null,
  sendVia: link.sendVia,
  customMessage: link.customMessage,
  clickCount: link.clickCount,
  lastClickedAt: link.lastClickedAt?.toISOString() ?? null,
  regeneratedFromLinkId: link.regeneratedFromLinkId,
});

/** A link just made (or remade): the link, where its messages are going, and each message decided. */
export const createdLinkViewSchema = linkViewSchema.extend({
  sentTo: sentToSchema,
  messages: z.array(messageViewSchema),
});
export type CreatedLinkView = z.infer<typeof createdLinkViewSchema>;

export const createdLinkView = (
  c: Pick<CreatedLink, 'link' | 'shortUrl' | 'sentTo' | 'messages'>,
): CreatedLinkView => ({
  ...linkView(c.link, c.shortUrl),
  sentTo: c.sentTo,
  messages: c.messages.map(messageView),
});
