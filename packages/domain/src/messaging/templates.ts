// The words of the payment-request and card-update messages, and which placeholders each part may use.
//
// Minimum necessary PHI: by default no message names a treatment, diagnosis or line item — an SMS or
// an email subject can be read on a lock screen by anyone. `{{description}}` exists only for orgs that
// opt in, and only in email bodies.
//
// Email bodies are plain text, also the `email_html` part: it is the message shown inside our own HTML
// layout (email-layout.ts), escaped like every value, so an org can change the wording but cannot inject
// markup, scripts or look-alike links. Without an `email_html` override, an `email_text` override is
// used there too.

export type MessageKind = 'payment_request' | 'card_update_request';
export type MessageChannel = 'sms' | 'email';
export type TemplatePart = 'sms' | 'email_subject' | 'email_text' | 'email_html';
export type MessageTemplates = Readonly<Record<TemplatePart, string>>;

export const TEMPLATE_PARTS: readonly TemplatePart[] = ['sms', 'email_subject', 'email_text', 'email_html'];

export const PLACEHOLDER_NAMES = [
  'clinicName',
  'amount',
  'link',
  'expiresAt',
  'customMessage',
  'clinicPhone',
  'description',
] as const;
export type PlaceholderName = (typeof PLACEHOLDER_NAMES)[number];

type CommonVars = {
  clinicName: string;
  /** The patient-facing URL; always ends up in the message. */
  link: string;
  /** Already formatted for the patient, e.g. "Mar 14, 2026". */
  expiresAt: string;
  /** A note staff typed for this one send; added to the message, never replacing any of it. */
  customMessage?: string;
  clinicPhone?: string;
  /** What the payment is for. Rendered only in email bodies, and only when the org allows it. */
  description?: string;
};
export type PaymentRequestVars = CommonVars & {
  /** Already formatted, e.g. "$150.00". */
  amount: string;
};
export type CardUpdateRequestVars = CommonVars;

export type MessageKindAndVars =
  | { kind: 'payment_request'; vars: PaymentRequestVars }
  | { kind: 'card_update_request'; vars: CardUpdateRequestVars };

export const DEFAULT_TEMPLATES: Readonly<Record<MessageKind, MessageTemplates>> = {
  payment_request: {
    sms:
      '{{clinicName}}: you have a payment request for {{amount}}. {{customMessage}} ' +
      'Pay securely: {{link}} (expires {{expiresAt}}). Reply STOP to opt out.',
    email_subject: 'Payment request from {{clinicName}}',
    email_text: [
      'Hello,',
      '{{clinicName}} has sent you a payment request for {{amount}}.',
      '{{customMessage}}',
      'Pay securely online: {{link}}',
      'This link expires {{expiresAt}}.',
    ].join('\n\n'),
    email_html: [
      'Hello,',
      '{{clinicName}} has sent you a payment request for {{amount}}.',
      '{{customMessage}}',
    ].join('\n\n'),
  },
  card_update_request: {
    sms:
      '{{clinicName}}: please update the card we keep on file for you. {{customMessage}} ' +
      'Update it securely: {{link}} (expires {{expiresAt}}). Reply STOP to opt out.',
    email_subject: '{{clinicName}}: please update your card on file',
    email_text: [
      'Hello,',
      '{{clinicName}} asks you to update the card they keep on file for you.',
      '{{customMessage}}',
      'Update your card securely: {{link}}',
      'This link expires {{expiresAt}}.',
    ].join('\n\n'),
    email_html: [
      'Hello,',
      '{{clinicName}} asks you to update the card they keep on file for you.',
      '{{customMessage}}',
    ].join('\n\n'),
  },
};

/** Why a placeholder cannot be used in a part, or null when it can. */
export function placeholderRestriction(
  name: string,
  part: TemplatePart,
  kind: MessageKind,
): 'unknown' | 'not_allowed' | null {
  if (!isPlaceholderName(name)) return 'unknown';
  if (name === 'amount' && kind !== 'payment_request') return 'not_allowed';
  // Lock screens and notification previews show SMS bodies and subjects.
  if (name === 'description' && (part === 'sms' || part === 'email_subject')) return 'not_allowed';
  return null;
}

export function isPlaceholderName(name: string): name is PlaceholderName {
  return (PLACEHOLDER_NAMES as readonly string[]).includes(name);
}

/**
 * The message shown inside the HTML layout: the org's `email_html` if set, else its `email_text` (so
 * an org that reworded only the plain-text email gets the same words in HTML), else ours.
 */
export function htmlMessageTemplate(
  kind: MessageKind,
  overrides: Partial<Record<TemplatePart, string>> | undefined,
): string {
  for (const candidate of [overrides?.email_html, overrides?.email_text]) {
    if (candidate !== undefined && candidate.trim() !== '') return candidate;
  }
  return DEFAULT_TEMPLATES[kind].email_html;
}

export function templatesFor(
  kind: MessageKind,
  overrides: Partial<Record<TemplatePart, string>> | undefined,
): MessageTemplates {
  const defaults = DEFAULT_TEMPLATES[kind];
  const pick = (part: TemplatePart) => {
    const override = overrides?.[part];
    // A blank override would send an empty message; fall back to our words.
    return override !== undefined && override.trim() !== '' ? override : defaults[part];
  };
  return {
    sms: pick('sms'),
    email_subject: pick('email_subject'),
    email_text: pick('email_text'),
    email_html: pick('email_html'),
  };
}
