// The page behind a Charge's `receipt_url`: what Stripe's emailed receipt shows, minus the branding.
import type Stripe from 'stripe';
import { formatAmount } from '../money.ts';
import { escapeHtml, layout } from './html.ts';

export function receiptPage(charge: Stripe.Charge): string {
  const card = charge.payment_method_details?.card;
  const paid = new Date(charge.created * 1000).toISOString().slice(0, 10);
  const rows: Array<[string, string]> = [
    ['Amount paid', formatAmount(charge.amount, charge.currency)],
    ['Date paid', paid],
    ['Payment method', card ? `${card.brand ?? 'card'} •••• ${card.last4 ?? ''}` : 'card'],
    ['Receipt for', charge.id],
  ];
  if (charge.amount_refunded > 0) {
    rows.push(['Refunded', formatAmount(charge.amount_refunded, charge.currency)]);
  }
  const table = rows
    .map(
      ([label, value]) =>
        `<tr><td>${escapeHtml(label)}</td><td class="amount">${escapeHtml(value)}</td></tr>`,
    )
    .join('');
  const description = charge.description ? `<p>${escapeHtml(charge.description)}</p>` : '';
  return layout({
    title: 'Receipt',
    body: `<div class="card"><h1>Receipt</h1>${description}<table>${table}</table><p class="muted">Issued by the local Stripe test sandbox. No real payment was made.</p></div>`,
  });
}
