import type { LinkStatus } from './link-status.ts';

export const LinkAction = {
  COMPLETE: 'COMPLETE',
  EXPIRE: 'EXPIRE',
  CANCEL: 'CANCEL',
  /** A refund that leaves part of the amount with the clinic. */
  REFUND_PARTIAL: 'REFUND_PARTIAL',
  /** A refund that brings the total refunded up to the full amount. */
  REFUND_FULL: 'REFUND_FULL',
} as const;
export type LinkAction = (typeof LinkAction)[keyof typeof LinkAction];

export const LINK_ACTIONS: readonly LinkAction[] = Object.values(LinkAction);

/**
 * `move`: apply the action and go to `to` (possibly the same status, e.g. a second partial refund).
 * `ignore`: the action already happened or is overtaken by what has — succeed without change. This
 *   is what makes webhooks, which Stripe delivers at least once and in any order, safe to replay.
 * `reject`: the action contradicts the current state; the caller gets a CONFLICT with `reason`.
 */
export type Transition =
  { kind: 'move'; to: LinkStatus } | { kind: 'ignore' } | { kind: 'reject'; reason: string };

const move = (to: LinkStatus): Transition => ({ kind: 'move', to });
const ignore: Transition = { kind: 'ignore' };
const reject = (reason: string): Transition => ({ kind: 'reject', reason });

const NOT_PAID = 'The link has not been paid, so there is nothing to refund';
const PAID_NOT_CANCELLABLE = 'A paid link cannot be cancelled';

const TABLE: Record<LinkStatus, Record<LinkAction, Transition>> = {
  ACTIVE: {
    // From ACTIVE even when expiresAt has passed but the expiry job has not run yet: the money has
    // already been taken, so recording it beats pretending it didn't happen.
    COMPLETE: move('COMPLETED'),
    EXPIRE: move('EXPIRED'),
    CANCEL: move('CANCELLED'),
    REFUND_PARTIAL: reject(NOT_PAID),
    REFUND_FULL: reject(NOT_PAID),
  },
  COMPLETED: {
    // A replayed completion; the aggregate checks it is for the same payment.
    COMPLETE: ignore,
    // The expiry job or a session-expired webhook racing a payment: the payment wins.
    EXPIRE: ignore,
    CANCEL: reject(PAID_NOT_CANCELLABLE),
    REFUND_PARTIAL: move('PARTIALLY_REFUNDED'),
    REFUND_FULL: move('REFUNDED'),
  },
  PARTIALLY_REFUNDED: {
    COMPLETE: ignore,
    EXPIRE: ignore,
    CANCEL: reject(PAID_NOT_CANCELLABLE),
    REFUND_PARTIAL: move('PARTIALLY_REFUNDED'),
    REFUND_FULL: move('REFUNDED'),
  },
  REFUNDED: {
    COMPLETE: ignore,
    EXPIRE: ignore,
    CANCEL: reject(PAID_NOT_CANCELLABLE),
    // Nothing is left to refund; a smaller or equal total is an out-of-order delivery.
    REFUND_PARTIAL: ignore,
    REFUND_FULL: ignore,
  },
  EXPIRED: {
    // The patient paid through a session that outlived the link: the use case must refund or
    // reconcile; the link itself stays EXPIRED.
    COMPLETE: reject('The link has expired'),
    EXPIRE: ignore,
    CANCEL: reject('The link has already expired'),
    REFUND_PARTIAL: reject(NOT_PAID),
    REFUND_FULL: reject(NOT_PAID),
  },
  CANCELLED: {
    COMPLETE: reject('The link was cancelled'),
    EXPIRE: ignore,
    // Double-clicked cancel buttons and retried API calls.
    CANCEL: ignore,
    REFUND_PARTIAL: reject(NOT_PAID),
    REFUND_FULL: reject(NOT_PAID),
  },
};

export function nextStatus(status: LinkStatus, action: LinkAction): Transition {
  return TABLE[status][action];
}
