// The payment row an event writes: one per payment intent, and a payment intent pays one link.
import { Payment, type PaymentStatus } from '../../payment.ts';
import type { PaymentLink } from '../../payment-link.ts';
import { EventCannotApply } from '../deps.ts';
import type { MinorUnits } from '../../../money/money.ts';

/** A new payment of this link through this payment intent. */
export function newPayment(
  link: PaymentLink,
  input: { id: string; paymentIntentId: string; status: PaymentStatus; amountMinor: MinorUnits; now: Date },
): Payment {
  const payment = new Payment();
  payment.id = input.id;
  payment.organizationId = link.organizationId;
  payment.linkId = link.id;
  payment.patientId = link.patientId;
  payment.providerId = link.providerId;
  payment.status = input.status;
  payment.currency = link.currency;
  payment.amountMinor = input.amountMinor;
  payment.stripePaymentIntentId = input.paymentIntentId;
  payment.createdAt = input.now;
  payment.updatedAt = input.now;
  return payment;
}

/** An event pairing a payment intent with another link than the one it paid is refused before anything moves. */
export function refuseForeignPayment(payment: Payment | null, linkId: string, organizationId: string): void {
  if (payment && payment.linkId !== linkId) {
    throw new EventCannotApply(
      `payment intent ${payment.stripePaymentIntentId ?? ''} is already recorded for another link`,
      organizationId,
    );
  }
}

/** Records the charge's refunded total (never more than was paid, never less than already recorded). */
export function applyRefund(
  payment: Payment,
  link: PaymentLink,
  totalRefundedMinor: MinorUnits,
  now: Date,
): void {
  // The larger of what was recorded and what Stripe says now, capped at the amount paid.
  const reported = totalRefundedMinor < payment.amountMinor ? totalRefundedMinor : payment.amountMinor;
  if (reported > payment.refundedMinor) payment.refundedMinor = reported;
  payment.status =
    payment.refundedMinor >= payment.amountMinor
      ? 'REFUNDED'
      : payment.refundedMinor > 0
        ? 'PARTIALLY_REFUNDED'
        : payment.status;
  payment.updatedAt = now;
  link.recordRefund({ totalRefundedMinor: payment.refundedMinor, now });
}
