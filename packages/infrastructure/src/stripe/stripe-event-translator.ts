// Stripe webhook events → our PaymentEvent vocabulary. Every event type we subscribe to is mapped
// explicitly, by an exhaustive switch over that closed list; anything else is an `unhandled` event
// (recorded as ignored). A stored payload that is not an event, or an event of ours without the object
// id it is about, cannot be translated: that is a reason, not a throw. A currency is passed on as sent,
// or null — never guessed: the handler refuses an event without one we know.
import {
  assertNever,
  err,
  ok,
  type PaymentEvent,
  type PaymentEventTranslator,
  type Result,
  type UnhandledEvent,
} from '@clinicpay/domain';
import { parseStripeEvent } from './stripe-event-envelope.ts';
import { ZERO_MINOR, tryMinorUnits } from '@clinicpay/domain';
import type { MinorUnits } from '@clinicpay/domain';

type Obj = Record<string, unknown>;

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
/** An amount in minor units, or null when the payload's value is not one (missing, negative, fractional). */
const minor = (v: unknown): MinorUnits | null => {
  const n = num(v);
  const checked = n === null ? null : tryMinorUnits(n);
  return checked?.ok ? checked.value : null;
};
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

/** The event types we subscribe to (and list in the catch-up). */
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

export type StripeEventType = (typeof STRIPE_EVENT_TYPES)[number];

const isHandled = (type: string): type is StripeEventType =>
  (STRIPE_EVENT_TYPES as readonly string[]).includes(type);

export function translateStripeEvent(payload: unknown): Result<PaymentEvent | UnhandledEvent, string> {
  const event = parseStripeEvent(payload);
  if (!event.ok) return err(event.error);
  const { type, data } = event.value;
  if (!isHandled(type)) return ok({ type: 'unhandled', reason: `event type ${type} is not handled` });
  const id = str(data.object.id);
  if (!id) return err(`data.object.id: missing in a ${type} event`);
  return ok(translate(type, id, data.object));
}

/** The adapter behind the domain's port. */
export class StripeEventTranslator implements PaymentEventTranslator {
  translate(payload: unknown): Result<PaymentEvent | UnhandledEvent, string> {
    return translateStripeEvent(payload);
  }
}

function checkoutSession(id: string, o: Obj) {
  const meta = metadataOf(o);
  return {
    sessionId: id,
    linkId: str(o.client_reference_id) ?? meta.link_id ?? null,
    organizationId: meta.organization_id ?? null,
    mode: o.mode === 'setup' ? ('setup' as const) : ('payment' as const),
    paid: o.payment_status === 'paid',
    paymentIntentId: idOf(o.payment_intent),
    setupIntentId: idOf(o.setup_intent),
    amountTotalMinor: minor(o.amount_total),
  };
}

function translate(type: StripeEventType, id: string, o: Obj): PaymentEvent {
  const meta = metadataOf(o);
  switch (type) {
    case 'checkout.session.completed':
      return { type: 'checkout_completed', ...checkoutSession(id, o) };
    case 'checkout.session.async_payment_succeeded':
      return { type: 'checkout_async_succeeded', ...checkoutSession(id, o) };
    case 'checkout.session.async_payment_failed':
      return {
        type: 'checkout_async_failed',
        sessionId: id,
        linkId: str(o.client_reference_id) ?? meta.link_id ?? null,
        paymentIntentId: idOf(o.payment_intent),
      };
    case 'checkout.session.expired':
      return {
        type: 'checkout_expired',
        sessionId: id,
        linkId: str(o.client_reference_id) ?? meta.link_id ?? null,
      };
    case 'setup_intent.succeeded':
      return { type: 'setup_succeeded', setupIntentId: id, linkId: meta.link_id ?? null };
    case 'payment_intent.payment_failed': {
      const error = (o.last_payment_error ?? null) as Obj | null;
      return {
        type: 'payment_failed',
        paymentIntentId: id,
        linkId: meta.link_id ?? null,
        code: error ? str(error.code) : null,
        declineCode: error ? str(error.decline_code) : null,
        message: error ? str(error.message) : null,
        amountMinor: minor(o.amount) ?? ZERO_MINOR,
        currency: str(o.currency),
      };
    }
    case 'charge.refunded':
      return {
        type: 'charge_refunded',
        chargeId: id,
        paymentIntentId: idOf(o.payment_intent),
        amountRefundedMinor: minor(o.amount_refunded) ?? ZERO_MINOR,
      };
    case 'payment_method.automatically_updated': {
      const card = (o.card ?? {}) as Obj;
      return {
        type: 'card_automatically_updated',
        paymentMethodId: id,
        customerId: idOf(o.customer),
        brand: str(card.brand) ?? 'card',
        last4: str(card.last4) ?? '',
        expMonth: num(card.exp_month) ?? 0,
        expYear: num(card.exp_year) ?? 0,
      };
    }
    default:
      return assertNever(type, 'unmapped Stripe event type');
  }
}
