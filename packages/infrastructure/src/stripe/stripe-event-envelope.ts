// What every Stripe event must look like before we store it: an id to deduplicate on, a type, and
// a data.object. A correctly signed body can still be anything (`null`, `[1,2,3]`, an event of a
// future API shape); those are refused with the field named, never stored half-understood.
import { z } from 'zod';
import { err, ok, type ReceivedPaymentEvent, type Result } from '@clinicpay/domain';

const envelope = z.looseObject({
  // Stripe's ids are far shorter; the bound keeps a hostile body from filling the key column.
  id: z.string().min(1).max(255),
  type: z.string().min(1).max(255),
  created: z.number().int().nonnegative().optional(),
  data: z.looseObject({ object: z.record(z.string(), z.unknown()) }),
});

export type StripeEventEnvelope = z.infer<typeof envelope>;

/** The event, or a sentence naming the first thing wrong with it (e.g. "data.object: expected …"). */
export function parseStripeEvent(value: unknown): Result<StripeEventEnvelope, string> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return err('body: expected a JSON object (a Stripe event)');
  }
  const parsed = envelope.safeParse(value);
  if (parsed.success) {
    // PostgreSQL's jsonb cannot hold U+0000; Stripe never sends it, so it is not an event of theirs.
    const nul = pathToNul(parsed.data, []);
    return nul ? err(`${nul}: contains a NUL character (\\u0000)`) : ok(parsed.data);
  }
  const issue = parsed.error.issues[0]!;
  const field = issue.path.map(String).join('.') || 'body';
  return err(`${field}: ${issue.message}`);
}

/** A verified (or listed) body as the inbox receives it, or why it is not an event. */
export function receivedStripeEvent(value: unknown): Result<ReceivedPaymentEvent, string> {
  const event = parseStripeEvent(value);
  if (!event.ok) return event;
  const { id, type, created } = event.value;
  return ok({ provider: 'stripe', eventId: id, type, createdSeconds: created ?? null, payload: event.value });
}

function pathToNul(value: unknown, path: string[]): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path.join('.') || 'body' : null;
  if (value === null || typeof value !== 'object') return null;
  for (const [key, child] of Object.entries(value)) {
    if (key.includes('\u0000')) return [...path, 'key'].join('.');
    const found = pathToNul(child, [...path, key]);
    if (found) return found;
  }
  return null;
}
