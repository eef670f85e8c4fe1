// setup_intent.succeeded — a card was saved; only a card-update link's setup completes anything.
import type { PaymentEvent } from '../../payment-events.ts';
import type { PaymentLinkDeps } from '../deps.ts';
import { completeSetup } from './complete-setup.ts';
import { linkForEvent } from './event-link.ts';
import { ignored, type EventOutcome } from './event-outcome.ts';

export async function setupIntentSucceeded(
  event: Extract<PaymentEvent, { type: 'setup_succeeded' }>,
  deps: PaymentLinkDeps,
): Promise<EventOutcome> {
  const link = await linkForEvent(event.linkId, null, deps);
  if (!link || link.type !== 'CARD_UPDATE')
    return ignored(link?.organizationId ?? null, 'no matching card-update link');
  return completeSetup(event.setupIntentId, link, deps);
}
