export const LinkType = {
  /** Charges an amount now (Stripe Checkout in payment mode). */
  CHECKOUT: 'CHECKOUT',
  /** Saves a card for later without charging (Stripe Checkout in setup mode). */
  CARD_UPDATE: 'CARD_UPDATE',
} as const;
export type LinkType = (typeof LinkType)[keyof typeof LinkType];

export const LINK_TYPES: readonly LinkType[] = ['CHECKOUT', 'CARD_UPDATE'];

export function isLinkType(value: unknown): value is LinkType {
  return value === 'CHECKOUT' || value === 'CARD_UPDATE';
}
