// What the API shows of a link. Amounts go out as decimals of the link's currency (150.00 → 150).
import { money, parseCurrency, toDecimalNumber, type Payment, type PaymentLink } from '@clinicpay/domain';

export function decimal(minor: number | null, currency: string): number | null {
  const c = parseCurrency(currency);
  return minor === null || c === null ? null : toDecimalNumber(money(minor, c));
}

export const linkView = (link: PaymentLink, shortUrl: string) => ({
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

export const paymentView = (p: Payment) => ({
  id: p.id,
  linkId: p.linkId,
  status: p.status,
  amount: decimal(p.amountMinor, p.currency),
  refundedAmount: decimal(p.refundedMinor, p.currency),
  currency: p.currency,
  receiptUrl: p.receiptUrl,
  failureCode: p.failureCode,
  failureMessage: p.failureMessage,
  paidAt: p.paidAt?.toISOString() ?? null,
  createdAt: p.createdAt.toISOString(),
});
