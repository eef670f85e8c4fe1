// The money that moved for a link: one row per successful (or failed) Stripe payment.
import { ZERO_MINOR } from '../money/money.ts';
import type { MinorUnits } from '../money/money.ts';
export type PaymentStatus = 'SUCCEEDED' | 'FAILED' | 'REFUNDED' | 'PARTIALLY_REFUNDED';

export class Payment {
  id!: string;
  organizationId!: string;
  linkId!: string;
  patientId!: string;
  providerId: string | null = null;
  status!: PaymentStatus;
  currency!: string;
  amountMinor!: MinorUnits;
  refundedMinor: MinorUnits = ZERO_MINOR;
  stripePaymentIntentId: string | null = null;
  stripeChargeId: string | null = null;
  receiptUrl: string | null = null;
  failureCode: string | null = null;
  failureMessage: string | null = null;
  paidAt: Date | null = null;
  createdAt!: Date;
  updatedAt!: Date;
}
