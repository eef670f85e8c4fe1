// A card on file as staff see it: brand, last four, expiry — never more.
export type CardOnFile = { brand: string | null; last4: string; expMonth: number; expYear: number } | null;

export function cardLabel(card: CardOnFile): string {
  if (!card) return '—';
  return `${card.brand ?? 'card'} •••• ${card.last4} (${String(card.expMonth).padStart(2, '0')}/${String(card.expYear).slice(-2)})`;
}

/** Expires this month or next (a card is valid through its expiry month). */
export function expiringSoon(card: CardOnFile, now = new Date()): boolean {
  if (!card) return false;
  const months = card.expYear * 12 + card.expMonth - (now.getUTCFullYear() * 12 + now.getUTCMonth() + 1);
  return months <= 1;
}
