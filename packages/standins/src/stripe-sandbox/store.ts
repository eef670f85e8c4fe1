// Everything the sandbox knows, in memory, typed with the stripe SDK's own object declarations (so the
// compiler checks that every field of API 2026-10-28.endive is filled in). Maps keep insertion order,
// which is creation order: lists are served newest first from it.
import type Stripe from 'stripe';
import { resourceMissing } from './errors.ts';
import { toJson, type JsonObject } from './json.ts';

/** What goes over the wire for a Price: the SDK types `unit_amount_decimal` as its Decimal class
 * because it converts the string on receipt; on the wire it is a string. */
export type WirePrice = Omit<Stripe.Price, 'unit_amount_decimal' | 'currency_options' | 'tiers'> & {
  unit_amount_decimal: string | null;
};
export type WireLineItem = Omit<Stripe.LineItem, 'price'> & { price: WirePrice };

export type SessionRecord = {
  session: Stripe.Checkout.Session;
  lineItems: WireLineItem[];
  /** Create-time options that are not visible on the session object but shape what Checkout creates. */
  paymentIntentData: {
    setupFutureUsage: 'on_session' | 'off_session' | null;
    metadata: Record<string, string>;
    description: string | null;
  };
  setupIntentData: { metadata: Record<string, string>; description: string | null };
};

export type SandboxEvent = {
  id: string;
  object: 'event';
  api_version: string;
  created: number;
  data: { object: JsonObject; previous_attributes?: JsonObject };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
};

export type StoreSnapshot = {
  customers: Stripe.Customer[];
  sessions: SessionRecord[];
  paymentIntents: Stripe.PaymentIntent[];
  setupIntents: Stripe.SetupIntent[];
  paymentMethods: Stripe.PaymentMethod[];
  charges: Stripe.Charge[];
  refunds: Stripe.Refund[];
  events: SandboxEvent[];
};

export class SandboxStore {
  readonly customers = new Map<string, Stripe.Customer>();
  readonly sessions = new Map<string, SessionRecord>();
  readonly paymentIntents = new Map<string, Stripe.PaymentIntent>();
  readonly setupIntents = new Map<string, Stripe.SetupIntent>();
  readonly paymentMethods = new Map<string, Stripe.PaymentMethod>();
  readonly charges = new Map<string, Stripe.Charge>();
  readonly refunds = new Map<string, Stripe.Refund>();
  readonly events = new Map<string, SandboxEvent>();

  customer(id: string, param?: string): Stripe.Customer {
    const found = this.customers.get(id);
    if (!found) throw resourceMissing('customer', id, param);
    return found;
  }

  session(id: string, param?: string): SessionRecord {
    const found = this.sessions.get(id);
    if (!found) throw resourceMissing('checkout.session', id, param);
    return found;
  }

  paymentIntent(id: string, param?: string): Stripe.PaymentIntent {
    const found = this.paymentIntents.get(id);
    if (!found) throw resourceMissing('payment_intent', id, param);
    return found;
  }

  setupIntent(id: string, param?: string): Stripe.SetupIntent {
    const found = this.setupIntents.get(id);
    if (!found) throw resourceMissing('setupintent', id, param);
    return found;
  }

  paymentMethod(id: string, param?: string): Stripe.PaymentMethod {
    const found = this.paymentMethods.get(id);
    if (!found) throw resourceMissing('PaymentMethod', id, param);
    return found;
  }

  charge(id: string, param?: string): Stripe.Charge {
    const found = this.charges.get(id);
    if (!found) throw resourceMissing('charge', id, param);
    return found;
  }

  refund(id: string, param?: string): Stripe.Refund {
    const found = this.refunds.get(id);
    if (!found) throw resourceMissing('refund', id, param);
    return found;
  }

  event(id: string, param?: string): SandboxEvent {
    const found = this.events.get(id);
    if (!found) throw resourceMissing('event', id, param);
    return found;
  }

  /** Any stored object by id, as a JSON copy — what `expand` substitutes for an id string. */
  findJson(id: string): JsonObject | null {
    const found =
      this.customers.get(id) ??
      this.sessions.get(id)?.session ??
      this.paymentIntents.get(id) ??
      this.setupIntents.get(id) ??
      this.paymentMethods.get(id) ??
      this.charges.get(id) ??
      this.refunds.get(id) ??
      this.events.get(id);
    return found ? toJson(found) : null;
  }

  snapshot(): StoreSnapshot {
    return {
      customers: [...this.customers.values()],
      sessions: [...this.sessions.values()],
      paymentIntents: [...this.paymentIntents.values()],
      setupIntents: [...this.setupIntents.values()],
      paymentMethods: [...this.paymentMethods.values()],
      charges: [...this.charges.values()],
      refunds: [...this.refunds.values()],
      events: [...this.events.values()],
    };
  }

  restore(snapshot: StoreSnapshot) {
    for (const item of snapshot.customers) this.customers.set(item.id, item);
    for (const item of snapshot.sessions) this.sessions.set(item.session.id, item);
    for (const item of snapshot.paymentIntents) this.paymentIntents.set(item.id, item);
    for (const item of snapshot.setupIntents) this.setupIntents.set(item.id, item);
    for (const item of snapshot.paymentMethods) this.paymentMethods.set(item.id, item);
    for (const item of snapshot.charges) this.charges.set(item.id, item);
    for (const item of snapshot.refunds) this.refunds.set(item.id, item);
    for (const item of snapshot.events) this.events.set(item.id, item);
  }
}
