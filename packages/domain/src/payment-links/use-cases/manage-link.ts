// Cancel, expire, regenerate, and the patient's "request a new link" — what happens to a link
// that will not be paid.
import { AppError } from '../../shared/app-error.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import type { Actor } from '../../identity/actor.ts';
import type { PaymentLink } from '../payment-link.ts';
import type { LinkRepos } from '../payment-link-ports.ts';
import type { Message } from '../../messaging/message.ts';
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

/** Where a regenerate's Idempotency-Key is kept: on the replacement it made. */
export const REGENERATE_KEY = 'regenerate_idempotency_key';

export type RegeneratedLink = CreatedLink & {
  /** True when no link was made: the link's live replacement (or the key's earlier one) came back. */
  duplicate: boolean;
};

const isLive = (link: PaymentLink) => link.status !== 'EXPIRED' && link.status !== 'CANCELLED';

/**
 * A fresh link with the same patient, provider, amounts and channels as an expired or cancelled one.
 * One link in, at most one live replacement out: the source row stays locked for the whole call, so
 * concurrent regenerates queue behind the first and get its replacement back (`duplicate`) instead
 * of making another payable link for the same bill. With an idempotency key, a repeat returns the
 * replacement that key made, even after it expired or was cancelled; without one, a link whose
 * replacement has ended can be regenerated again. Everything (the reads, the Stripe calls, the
 * insert) goes through the locked transaction, so a waiting call holds one connection and needs no
 * other.
 */
export async function regenerateLink(
  input: {
    organizationId: string;
    linkId: string;
    actor: Actor;
    createdByUserId: string | null;
    requestId: string | null;
    expiresInHours?: number;
    idempotencyKey?: string | null;
  },
  deps: PaymentLinkDeps,
): Promise<Result<RegeneratedLink, AppError>> {
  return deps.uow.run(async (tx) => {
    const source = await tx.links.findByIdForUpdate(input.organizationId, input.linkId);
    if (!source) return err(AppError.notFound('Link'));
    const replacements = await tx.links.listReplacements(input.organizationId, source.id);
    const earlier =
      (input.idempotencyKey
        ? replacements.find((r) => r.metadata[REGENERATE_KEY] === input.idempotencyKey)
        : undefined) ?? replacements.find(isLive);
    if (earlier) {
      const found = await existingLink(tx, earlier, deps);
      return found.ok ? ok({ ...found.value, duplicate: true }) : found;
    }
    if (source.status !== 'EXPIRED' && source.status !== 'CANCELLED') {
      return err(AppError.conflict('Only an expired or cancelled link can be regenerated'));
    }
    const inTx: PaymentLinkDeps = { ...deps, repos: tx, uow: { run: (work) => work(tx) } };
    const created = await createReplacement(source, input, inTx);
    return created.ok ? ok({ ...created.value, duplicate: false }) : created;
  });
}

function createReplacement(
  source: PaymentLink,
  input: Parameters<typeof regenerateLink>[0],
  deps: PaymentLinkDeps,
): Promise<Result<CreatedLink, AppError>> {
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
    ...(input.idempotencyKey ? { metadata: { [REGENERATE_KEY]: input.idempotencyKey } } : {}),
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

/** An existing replacement, answered the way its creation was: with its messages and recipients. */
async function existingLink(
  tx: LinkRepos,
  link: PaymentLink,
  deps: Pick<PaymentLinkDeps, 'urls'>,
): Promise<Result<CreatedLink, AppError>> {
  // One after another: they share the transaction's connection.
  const organization = await tx.organizations.findById(link.organizationId);
  const patient = await tx.patients.findById(link.organizationId, link.patientId);
  const messages = await tx.messages.listByLink(link.organizationId, link.id);
  if (!organization || !patient) return err(AppError.notFound('Link'));
  return ok({
    link,
    organization,
    patient,
    shortUrl: deps.urls.shortUrl(organization, link.shortCode),
    messages,
    sentTo: sentToOf(messages),
  });
}

/** Where the link's messages went: each channel's recipient, unless that message was refused. */
function sentToOf(messages: readonly Message[]): CreatedLink['sentTo'] {
  const going = messages.filter((m) => m.status !== 'refused');
  return {
    email: going.find((m) => m.channel === 'email')?.recipient ?? null,
    phone: going.find((m) => m.channel === 'sms')?.recipient ?? null,
  };
}

/** How long a patient's request for a new link stands before the same link may ask again. */
const NEW_LINK_REQUEST_MS = 24 * 3_600_000;

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
  const recent = (link: PaymentLink) =>
    link.newLinkRequestedAt !== null &&
    now.getTime() - link.newLinkRequestedAt.getTime() < NEW_LINK_REQUEST_MS;
  // Pressed again (or by a script, a thousand times): answered from the read, no lock, no write.
  if (recent(found)) return 'already_requested';
  return deps.uow.run(async (tx) => {
    const link = await tx.links.findByIdForUpdate(found.organizationId, found.id);
    if (!link) return 'not_found';
    if (recent(link)) return 'already_requested';
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
