// Cancel, expire, regenerate, and the patient's "request a new link" — what happens to a link
// that will not be paid.
import { AppError } from '../../shared/app-error.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import type { Actor } from '../../identity/actor.ts';
import type { PaymentLink } from '../payment-link.ts';
import { parseShortCode } from '../short-code.ts';
import { minorToDecimalString } from '../../money/money.ts';
import { closeLinkInTx } from './close-link.ts';
import { createCardUpdateLink, createCheckoutLink, type CreatedLink } from './create-link.ts';
import type { PaymentLinkDeps } from './deps.ts';
import { notifyLinkProvider } from './notify-provider.ts';

export async function cancelLink(
  input: { organizationId: string; linkId: string; actor: Actor; requestId: string | null },
  deps: PaymentLinkDeps,
): Promise<Result<PaymentLink, AppError>> {
  const now = deps.clock.now();
  return deps.uow.run(async (tx) => {
    const link = await tx.links.findByIdForUpdate(input.organizationId, input.linkId);
    if (!link) return err(AppError.notFound('Link'));
    const closed = await closeLinkInTx(
      tx,
      link,
      { kind: 'cancel', actor: input.actor, requestId: input.requestId, now },
      deps,
    );
    if (closed.error) return err(closed.error);
    return ok(link);
  });
}

/** Expires one link past its expiry (the sweep, or a click that found it overdue). Null if gone. */
export async function expireLink(
  input: { organizationId: string; linkId: string },
  deps: PaymentLinkDeps,
): Promise<PaymentLink | null> {
  const now = deps.clock.now();
  return deps.uow.run(async (tx) => {
    const link = await tx.links.findByIdForUpdate(input.organizationId, input.linkId);
    if (!link) return null;
    const closed = await closeLinkInTx(
      tx,
      link,
      { kind: 'expire', actor: { type: 'system', name: 'expire-links' }, requestId: null, now },
      deps,
    );
    if (!closed.changed) return link;
    await notifyLinkProvider(tx, link, {
      type: 'link_expired',
      title: 'A payment link expired unpaid',
      at: now,
    });
    return link;
  });
}

/** The cron task: expires every ACTIVE link past its expiry, a batch at a time. */
export async function expireDueLinks(deps: PaymentLinkDeps, batchSize = 200): Promise<number> {
  let total = 0;
  for (;;) {
    const due = await deps.repos.links.unsafeListDueForExpiry(deps.clock.now(), batchSize);
    for (const { organizationId, id } of due) {
      const link = await expireLink({ organizationId, linkId: id }, deps);
      if (link?.status === 'EXPIRED') total += 1;
    }
    if (due.length < batchSize) return total;
  }
}

/** A fresh link with the same patient, provider, amounts and channels as an expired or cancelled one. */
export async function regenerateLink(
  input: {
    organizationId: string;
    linkId: string;
    actor: Actor;
    createdByUserId: string | null;
    requestId: string | null;
    expiresInHours?: number;
  },
  deps: PaymentLinkDeps,
): Promise<Result<CreatedLink, AppError>> {
  const source = await deps.repos.links.findById(input.organizationId, input.linkId);
  if (!source) return err(AppError.notFound('Link'));
  if (source.status !== 'EXPIRED' && source.status !== 'CANCELLED') {
    return err(AppError.conflict('Only an expired or cancelled link can be regenerated'));
  }
  const common = {
    organizationId: input.organizationId,
    actor: input.actor,
    createdByUserId: input.createdByUserId,
    requestId: input.requestId,
    patientId: source.patientId,
    providerId: source.providerId,
    sendVia: source.sendVia,
    customMessage: source.customMessage,
    regeneratedFromLinkId: source.id,
    ...(input.expiresInHours !== undefined ? { expiresInHours: input.expiresInHours } : {}),
  };
  if (source.type === 'CARD_UPDATE')
    return createCardUpdateLink({ ...common, reason: source.description }, deps);
  return createCheckoutLink(
    {
      ...common,
      currency: source.currency,
      amount:
        source.lineItems.length > 0
          ? undefined
          : minorToDecimalString(source.amountMinor ?? 0, source.currency),
      items:
        source.lineItems.length > 0
          ? source.lineItems.map((i) => ({
              name: i.name,
              price: minorToDecimalString(i.unitAmountMinor, source.currency),
              quantity: i.quantity,
            }))
          : null,
      description: source.description,
    },
    deps,
  );
}

/** The patient's button on an expired or cancelled link: tells the clinic, at most once a day. */
export async function requestNewLink(
  code: string,
  deps: PaymentLinkDeps,
): Promise<'requested' | 'already_requested' | 'not_found'> {
  const shortCode = parseShortCode(code);
  if (!shortCode) return 'not_found';
  const found = await deps.repos.links.unsafeFindByShortCode(shortCode);
  if (!found || (found.status !== 'EXPIRED' && found.status !== 'CANCELLED')) return 'not_found';
  const now = deps.clock.now();
  return deps.uow.run(async (tx) => {
    const link = await tx.links.findByIdForUpdate(found.organizationId, found.id);
    if (!link) return 'not_found';
    if (link.newLinkRequestedAt && now.getTime() - link.newLinkRequestedAt.getTime() < 24 * 3_600_000) {
      return 'already_requested';
    }
    link.newLinkRequestedAt = now;
    await tx.links.save(link);
    await tx.linkEvents.append({
      organizationId: link.organizationId,
      linkId: link.id,
      type: 'new_link_requested',
      occurredAt: now,
    });
    await notifyLinkProvider(tx, link, {
      type: 'new_link_requested',
      title: 'A patient asked for a new payment link',
      at: now,
    });
    return 'requested';
  });
}
