// Stripe webhook events → our PaymentEvent vocabulary. Every event type we subscribe to is mapped
// explicitly; anything else is recorded and ignored.
import type { PaymentEvent } from '@clinicpay/domain';

type Obj = Record<string, unknown>;

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
/** Expandable fields arrive as an id or as the expanded object. */
const idOf = (v: unknown): string | null =>
  str(v) ?? (v && typeof v === 'object' ? str((v as Obj).id) : null);
const metadataOf = (o: Obj): Record<string, string> => {
  const m = o.metadata;
  if (!m || typeof m !== 'object') return {};
  return Object.fromEntries(Object.entries(m as Obj).filter(([, v]) => typeof v === 'string')) as Record<
    string,
    string
  >;
};

export const STRIPE_EVENT_TYPES = [
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
  'checkout.session.expired',
  'setup_intent.succeeded',
  'payment_intent.payment_failed',
  'charge.refunded',
  'payment_method.automatically_updated',
] as const;

export function translateStripeEvent(event: { type: string; data: { object: Obj } }): PaymentEvent {
  const o = event.data.object;
  const meta = metadataOf(o);
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded': {
      const mode = o.mode === 'setup' ? 'setup' : 'payment';
      return {
        type: 'checkout_completed',
        sessionId: String(o.id),
        linkId: str(o.client_reference_id) ?? meta.link_id ?? null,
        organizationId: meta.organization_id ?? null,
        mode,
        paid: o.payment_status === 'paid',
        paymentIntentId: idOf(o.payment_intent),
        setupIntentId: idOf(o.setup_intent),
        amountTotalMinor: num(o.amount_total),
      };
    }
    case 'checkout.session.async_payment_failed':
      return {
        type: 'checkout_async_failed',
        sessionId: String(o.id),
        linkId: str(o.client_reference_id) ?? meta.link_id ?? null,
        paymentIntentId: idOf(o.payment_intent),
      };
    case 'checkout.session.expired':
      return {
        type: 'checkout_expired',
        sessionId: String(o.id),
        linkId: str(o.client_reference_id) ?? meta.link_id ?? null,
      };
    case 'setup_intent.succeeded':
      return { type: 'setup_succeeded', setupIntentId: String(o.id), linkId: meta.link_id ?? null };
    case 'payment_intent.payment_failed': {
      const error = (o.last_payment_error ?? null) as Obj | null;
      return {
        type: 'payment_failed',
        paymentIntentId: String(o.id),
        linkId: meta.link_id ?? null,
        code: error ? str(error.code) : null,
        declineCode: error ? str(error.decline_code) : null,
        message: error ? str(error.message) : null,
        amountMinor: num(o.amount) ?? 0,
        currency: str(o.currency)?.toUpperCase() ?? 'USD',
      };
    }
    case 'charge.refunded':
      return {
        type: 'charge_refunded',
        chargeId: String(o.id),
        paymentIntentId: idOf(o.payment_intent),
        amountRefundedMinor: num(o.amount_refunded) ?? 0,
      };
    case 'payment_method.automatically_updated': {
      const card = (o.card ?? {}) as Obj;
      return {
        type: 'card_automatically_updated',
        paymentMethodId: String(o.id),
        customerId: idOf(o.customer),
        brand: str(card.brand) ?? 'card',
        last4: str(card.last4) ?? '',
        expMonth: num(card.exp_month) ?? 0,
        expYear: num(card.exp_year) ?? 0,
      };
    }
    default:
      return { type: 'ignored', reason: `event type ${event.type} is not handled` };
  }
}
