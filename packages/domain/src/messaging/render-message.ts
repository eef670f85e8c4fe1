// Turns a message kind, the values for one send and the org's template overrides into the SMS body or
// the email (subject, text, HTML) we hand to the provider.
//
// Guarantees, whatever the org's templates say:
// - the link is in every SMS and email: a template without `{{link}}` gets it appended. This looks at
//   the template, not the output, so a custom message that merely contains the URL cannot stand in
//   for it;
// - a custom message is added, never replaces content: placed at `{{customMessage}}` or appended;
// - `{{description}}` renders only in email bodies of orgs that allow it, empty everywhere else;
// - in HTML every value and the template text itself are escaped.

import { renderEmailLayout, textToHtmlParagraphs } from './email-layout.ts';
import { countSmsSegments, type SmsEncoding } from './sms-segments.ts';
import { escapeHtml, fillTemplate, hasPlaceholder } from './template-engine.ts';
import {
  htmlMessageTemplate,
  PLACEHOLDER_NAMES,
  placeholderRestriction,
  templatesFor,
  type MessageChannel,
  type MessageKindAndVars,
  type TemplatePart,
} from './templates.ts';

/** What to render, for either channel. (Not `Omit<RenderMessageInput, 'channel'>`: Omit over a
 * union loses the kind/vars pairing.) */
export type RenderInput = MessageKindAndVars & {
  overrides?: Partial<Record<TemplatePart, string>>;
  allowDescriptionInEmail: boolean;
  /** Shown in emails (footer link); SMS recipients opt out with STOP instead. */
  unsubscribeUrl?: string;
};

export type RenderMessageInput = RenderInput & { channel: MessageChannel };

export type RenderedSms = {
  body: string;
  segments: { encoding: SmsEncoding; segments: number };
};

export type RenderedEmail = { subject: string; text: string; html: string };

export function renderMessage(input: RenderMessageInput & { channel: 'sms' }): RenderedSms;
export function renderMessage(input: RenderMessageInput & { channel: 'email' }): RenderedEmail;
export function renderMessage(input: RenderMessageInput): RenderedSms | RenderedEmail;
export function renderMessage(input: RenderMessageInput): RenderedSms | RenderedEmail {
  return input.channel === 'sms' ? renderSms(input) : renderEmail(input);
}

export function renderSms(input: RenderInput): RenderedSms {
  const template = templatesFor(input.kind, input.overrides).sms;
  const values = valuesFor(input, 'sms');
  let body = fillTemplate(template, values);
  const customMessage = values['customMessage'] ?? '';
  if (customMessage !== '' && !hasPlaceholder(template, 'customMessage')) body += ` ${customMessage}`;
  if (!hasPlaceholder(template, 'link')) body += ` ${input.vars.link}`;
  body = tidyText(body);
  const { encoding, segments } = countSmsSegments(body);
  return { body, segments: { encoding, segments } };
}

export function renderEmail(input: RenderInput): RenderedEmail {
  const templates = templatesFor(input.kind, input.overrides);
  const vars = input.vars;
  const customMessage = cleanValue(vars.customMessage ?? '');
  const clinicPhone = cleanValue(vars.clinicPhone ?? '');
  const unsubscribeUrl = input.unsubscribeUrl ?? '';

  // Header-safe: one line, whatever the org or the clinic name contain.
  const subject = fillTemplate(templates.email_subject, valuesFor(input, 'email_subject'))
    .replace(/\s+/g, ' ')
    .trim();

  const textTemplate = templates.email_text;
  const textBlocks = [fillTemplate(textTemplate, valuesFor(input, 'email_text'))];
  if (customMessage !== '' && !hasPlaceholder(textTemplate, 'customMessage')) textBlocks.push(customMessage);
  if (!hasPlaceholder(textTemplate, 'link')) textBlocks.push(vars.link);
  if (clinicPhone !== '' && !hasPlaceholder(textTemplate, 'clinicPhone')) {
    textBlocks.push(`Questions? Contact ${cleanValue(vars.clinicName)} at ${clinicPhone}.`);
  }
  if (unsubscribeUrl !== '') textBlocks.push(`Don't want these emails? Unsubscribe: ${unsubscribeUrl}`);
  const text = tidyText(textBlocks.join('\n\n'));

  const htmlTemplate = htmlMessageTemplate(input.kind, input.overrides);
  const messageHtml = textToHtmlParagraphs(
    // The template is escaped too: org text is shown, never interpreted as markup.
    fillTemplate(escapeHtml(htmlTemplate), valuesFor(input, 'email_html'), escapeHtml),
  );
  const html = renderEmailLayout({
    clinicName: cleanValue(vars.clinicName),
    messageHtml,
    customMessage:
      customMessage !== '' && !hasPlaceholder(htmlTemplate, 'customMessage') ? customMessage : null,
    buttonLabel: input.kind === 'payment_request' ? `Pay ${cleanValue(input.vars.amount)}` : 'Update card',
    link: vars.link,
    expiresAt: cleanValue(vars.expiresAt),
    clinicPhone: clinicPhone !== '' && !hasPlaceholder(htmlTemplate, 'clinicPhone') ? clinicPhone : null,
    unsubscribeUrl: unsubscribeUrl !== '' ? unsubscribeUrl : null,
  });
  return { subject, text, html };
}

function valuesFor(input: RenderInput, part: TemplatePart): Record<string, string | undefined> {
  const vars = input.vars;
  const raw: Record<string, string | undefined> = {
    clinicName: vars.clinicName,
    amount: input.kind === 'payment_request' ? input.vars.amount : undefined,
    link: vars.link,
    expiresAt: vars.expiresAt,
    customMessage: vars.customMessage,
    clinicPhone: vars.clinicPhone,
    description: input.allowDescriptionInEmail ? vars.description : undefined,
  };
  const values: Record<string, string> = {};
  for (const name of PLACEHOLDER_NAMES) {
    // A placeholder the part may not use renders empty (and is reported when the template is saved).
    values[name] = placeholderRestriction(name, part, input.kind) === null ? cleanValue(raw[name] ?? '') : '';
  }
  return values;
}

// Values come from staff input and org settings: normalise line endings and drop control characters
// (other than newlines and tabs) that would garble an SMS or sneak into a header.
function cleanValue(value: string): string {
  return (
    value
      .replace(/\r\n?/g, '\n')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '')
      .trim()
  );
}

// Empty placeholders leave double spaces and blank paragraphs behind; collapse them.
function tidyText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
