// The money that moved for a link: one row per successful (or failed) Stripe payment.
export type PaymentStatus = 'SUCCEEDED' | 'FAILED' | 'REFUNDED' | 'PARTIALLY_REFUNDED';

export class Payment {
  id!: string;
  organizationId!: string;
  linkId!: string;
  patientId!: string;
  providerId: string | null = null;
  status!: PaymentStatus;
  currency!: string;
  amountMinor!: number;
  refundedMinor = 0;
  stripePaymentIntentId: string | null = null;
  stripeChargeId: string | null = null;
  receiptUrl: string | null = null;
  failureCode: string | null = null;
  failureMessage: string | null = null;
  paidAt: Date | null = null;
  createdAt!: Date;
  updatedAt!: Date;
}
