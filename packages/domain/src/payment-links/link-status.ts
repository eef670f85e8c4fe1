// ACTIVE ──complete──▶ COMPLETED ──refund──▶ PARTIALLY_REFUNDED ──refund──▶ REFUNDED
//   │                       └──────────────────full refund──────────────────▲
//   ├──expire──▶ EXPIRED    (terminal)
//   └──cancel──▶ CANCELLED  (terminal)
// The full table, including what is ignored and what is refused, is in link-state-machine.ts.
export const LinkStatus = {
  /** Can be paid (until expiresAt). */
  ACTIVE: 'ACTIVE',
  /** Paid — or, for CARD_UPDATE, card saved. Only refunds move it on. */
  COMPLETED: 'COMPLETED',
  /** Passed its expiry unpaid. Never payable again; a late payment is an anomaly for the use case. */
  EXPIRED: 'EXPIRED',
  /** Withdrawn by staff before payment. Never payable again. */
  CANCELLED: 'CANCELLED',
  /** CHECKOUT only: the whole amount was refunded. */
  REFUNDED: 'REFUNDED',
  /** CHECKOUT only: part of the amount was refunded; more refunds may follow. */
  PARTIALLY_REFUNDED: 'PARTIALLY_REFUNDED',
} as const;
export type LinkStatus = (typeof LinkStatus)[keyof typeof LinkStatus];

export const LINK_STATUSES: readonly LinkStatus[] = Object.values(LinkStatus);

/** The statuses in which money has been collected (or a card saved). */
export const PAID_STATUSES: readonly LinkStatus[] = ['COMPLETED', 'PARTIALLY_REFUNDED', 'REFUNDED'];

export function isPaidStatus(status: LinkStatus): boolean {
  return PAID_STATUSES.includes(status);
}

export function isLinkStatus(value: unknown): value is LinkStatus {
  return typeof value === 'string' && (LINK_STATUSES as readonly string[]).includes(value);
}
