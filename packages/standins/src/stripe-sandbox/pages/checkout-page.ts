// The hosted checkout page of the sandbox: order summary, card form with per-field errors, and a
// visible note that this is a local test stand-in with the test card numbers.
import type { CardField, CardForm } from '../card-simulation.ts';
import { TEST_CARDS } from '../card-simulation.ts';
import { formatAmount } from '../money.ts';
import type { SessionRecord } from '../store.ts';
import { escapeHtml, layout } from './html.ts';

export type CheckoutPageState = {
  form?: Partial<CardForm>;
  errors?: Partial<Record<CardField, string>>;
  /** A decline or other failure that belongs to the whole form, not one field. */
  formError?: string;
};

type FieldDefinition = {
  field: CardField;
  name: string;
  label: string;
  autocomplete: string;
  inputmode?: 'numeric' | 'text';
  placeholder?: string;
  maxlength: number;
  keepValue: boolean;
};

const FIELDS: Record<CardField, FieldDefinition> = {
  number: {
    field: 'number',
    name: 'card_number',
    label: 'Card number',
    autocomplete: 'cc-number',
    inputmode: 'numeric',
    placeholder: '1234 1234 1234 1234',
    maxlength: 23,
    keepValue: true,
  },
  expiry: {
    field: 'expiry',
    name: 'card_expiry',
    label: 'Expiration date (MM / YY)',
    autocomplete: 'cc-exp',
    inputmode: 'numeric',
    placeholder: 'MM / YY',
    maxlength: 9,
    keepValue: true,
  },
  cvc: {
    field: 'cvc',
    name: 'card_cvc',
    label: 'Security code (CVC)',
    autocomplete: 'cc-csc',
    inputmode: 'numeric',
    placeholder: 'CVC',
    maxlength: 4,
    keepValue: false,
  },
  name: {
    field: 'name',
    name: 'cardholder_name',
    label: 'Name on card',
    autocomplete: 'cc-name',
    maxlength: 100,
    keepValue: true,
  },
  postalCode: {
    field: 'postalCode',
    name: 'postal_code',
    label: 'ZIP / postal code',
    autocomplete: 'postal-code',
    placeholder: '12345',
    maxlength: 10,
    keepValue: true,
  },
};

export const CARD_FORM_FIELDS: ReadonlyArray<[CardField, string]> = Object.values(FIELDS).map((f) => [
  f.field,
  f.name,
]);

function input(definition: FieldDefinition, state: CheckoutPageState): string {
  const error = state.errors?.[definition.field];
  const value = definition.keepValue ? (state.form?.[definition.field] ?? '') : '';
  const id = `field-${definition.name}`;
  const errorId = `${id}-error`;
  const attributes = [
    `id="${id}"`,
    `name="${definition.name}"`,
    `autocomplete="${definition.autocomplete}"`,
    definition.inputmode ? `inputmode="${definition.inputmode}"` : '',
    definition.placeholder ? `placeholder="${escapeHtml(definition.placeholder)}"` : '',
    `maxlength="${definition.maxlength}"`,
    `value="${escapeHtml(value)}"`,
    'required',
    error ? `aria-invalid="true" aria-describedby="${errorId}"` : '',
  ].filter((part) => part !== '');
  return `<div class="field">
<label for="${id}">${escapeHtml(definition.label)}</label>
<input type="text" ${attributes.join(' ')}>
${error ? `<p class="error" id="${errorId}" role="alert">${escapeHtml(error)}</p>` : ''}
</div>`;
}

function summary(record: SessionRecord): string {
  const { session, lineItems } = record;
  if (session.mode === 'setup') {
    return `<div class="card"><h1>Save your card</h1><p class="muted">Your card will be saved for future payments. You will not be charged now.</p></div>`;
  }
  const currency = session.currency ?? 'usd';
  const rows = lineItems
    .map(
      (item) =>
        `<tr><td>${escapeHtml(item.description ?? '')}${item.quantity && item.quantity > 1 ? ` × ${item.quantity}` : ''}</td><td class="amount">${escapeHtml(formatAmount(item.amount_total, currency))}</td></tr>`,
    )
    .join('');
  const total = formatAmount(session.amount_total ?? 0, currency);
  return `<div class="card"><h1>Pay ${escapeHtml(total)}</h1><table>${rows}<tr class="total"><td>Total due</td><td class="amount">${escapeHtml(total)}</td></tr></table></div>`;
}

function sandboxNote(): string {
  const cards = TEST_CARDS.map(
    (card) => `<li><code>${card.number}</code> — ${escapeHtml(card.result)}</li>`,
  ).join('');
  return `<aside class="sandbox-note" aria-label="Test sandbox"><strong>Local test sandbox.</strong> No real payment is made. Use any future expiry date, any CVC and any ZIP. Test cards:<ul>${cards}</ul></aside>`;
}

export function checkoutPage(record: SessionRecord, state: CheckoutPageState = {}): string {
  const { session } = record;
  const title = session.mode === 'payment' ? 'Checkout' : 'Save card';
  const action =
    session.mode === 'payment'
      ? `Pay ${formatAmount(session.amount_total ?? 0, session.currency ?? 'usd')}`
      : 'Save card';
  const formError = state.formError
    ? `<div class="form-error" role="alert">${escapeHtml(state.formError)}</div>`
    : '';
  const cancel = session.cancel_url
    ? `<a class="cancel" href="${escapeHtml(session.cancel_url)}">Cancel and go back</a>`
    : '';
  const body = `${sandboxNote()}
${summary(record)}
<form class="card" method="post" action="/checkout/${escapeHtml(session.id)}" novalidate>
<h2>Card details</h2>
${formError}
${input(FIELDS.number, state)}
<div class="row">${input(FIELDS.expiry, state)}${input(FIELDS.cvc, state)}</div>
${input(FIELDS.name, state)}
${input(FIELDS.postalCode, state)}
<button type="submit">${escapeHtml(action)}</button>
${cancel}
</form>`;
  return layout({ title, lang: session.locale, body });
}

/** A completed or expired session: say so, no form. */
export function closedSessionPage(record: SessionRecord): string {
  const { session } = record;
  const complete = session.status === 'complete';
  const heading = complete
    ? session.mode === 'payment'
      ? 'Payment complete'
      : 'Card saved'
    : 'This checkout session has expired';
  const text = complete
    ? 'This checkout session is complete. You can close this page.'
    : 'This checkout session has expired and can no longer be used. Please request a new payment link.';
  const back =
    session.cancel_url && !complete ? `<p><a href="${escapeHtml(session.cancel_url)}">Go back</a></p>` : '';
  return layout({
    title: heading,
    lang: session.locale,
    body: `${sandboxNote()}<div class="card"><h1>${escapeHtml(heading)}</h1><p>${escapeHtml(text)}</p>${back}</div>`,
  });
}
