// Checks an org's template override when it is saved, so mistakes show up in the settings page rather
// than in a patient's phone. Errors should block saving; warnings are worth showing but harmless
// (rendering repairs them, e.g. by appending the link).

import { renderSms } from './render-message.ts';
import { countSmsSegments } from './sms-segments.ts';
import { placeholdersIn } from './template-engine.ts';
import { placeholderRestriction, type MessageKind, type TemplatePart } from './templates.ts';

export type TemplateProblemCode =
  | 'empty'
  | 'unknown_placeholder'
  | 'placeholder_not_allowed'
  | 'missing_link'
  | 'too_long'
  | 'unicode_sms'
  | 'missing_opt_out'
  | 'markup_not_rendered';

export type TemplateProblem = {
  code: TemplateProblemCode;
  severity: 'error' | 'warning';
  message: string;
  placeholder?: string;
};

/** Every SMS must fit in this many parts with typical values (cost and readability). */
export const MAX_SMS_SEGMENTS = 2;
export const MAX_EMAIL_SUBJECT_LENGTH = 150;
export const MAX_EMAIL_BODY_LENGTH = 5000;

// Typical values, a bit on the long side: a 30-character clinic name and a 30-character link.
const SAMPLE = {
  clinicName: 'Riverside Family Dental Clinic',
  link: 'https://pay.example.com/abcdef',
  amount: '$1,234.56',
  expiresAt: 'Mar 14, 2026',
  clinicPhone: '(555) 555-0123',
} as const;

export function validateTemplateOverride(
  part: TemplatePart,
  text: string,
  // Without a kind, `{{amount}}` is accepted (payment requests use it).
  kind: MessageKind = 'payment_request',
): TemplateProblem[] {
  if (text.trim() === '') {
    return [{ code: 'empty', severity: 'error', message: 'The template is empty.' }];
  }
  const problems: TemplateProblem[] = [];
  for (const name of placeholdersIn(text)) {
    const restriction = placeholderRestriction(name, part, kind);
    if (restriction === 'unknown') {
      problems.push({
        code: 'unknown_placeholder',
        severity: 'error',
        message: `{{${name}}} is not a known placeholder.`,
        placeholder: name,
      });
    } else if (restriction === 'not_allowed') {
      problems.push({
        code: 'placeholder_not_allowed',
        severity: 'error',
        message: `{{${name}}} cannot be used in this part of the message.`,
        placeholder: name,
      });
    }
  }
  const names = placeholdersIn(text);
  if ((part === 'sms' || part === 'email_text') && !names.includes('link')) {
    problems.push({
      code: 'missing_link',
      severity: 'warning',
      message: 'The template has no {{link}}; the link will be added at the end.',
    });
  }
  if (part === 'sms') problems.push(...smsProblems(text, kind));
  else problems.push(...emailProblems(part, text));
  return problems;
}

function smsProblems(text: string, kind: MessageKind): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const common = { link: SAMPLE.link, clinicName: SAMPLE.clinicName, expiresAt: SAMPLE.expiresAt };
  const rendered = renderSms({
    ...(kind === 'payment_request'
      ? { kind, vars: { ...common, amount: SAMPLE.amount, clinicPhone: SAMPLE.clinicPhone } }
      : { kind, vars: { ...common, clinicPhone: SAMPLE.clinicPhone } }),
    overrides: { sms: text },
    allowDescriptionInEmail: false,
  });
  if (rendered.segments.segments > MAX_SMS_SEGMENTS) {
    problems.push({
      code: 'too_long',
      severity: 'error',
      message:
        `With a typical clinic name and link this SMS needs ${rendered.segments.segments} parts; ` +
        `shorten it to fit in ${MAX_SMS_SEGMENTS}.`,
    });
  }
  if (countSmsSegments(text).encoding === 'UCS-2') {
    problems.push({
      code: 'unicode_sms',
      severity: 'warning',
      message:
        'The template uses characters (such as emoji or curly quotes) that shrink an SMS part from ' +
        '160 to 70 characters.',
    });
  }
  if (!/\bSTOP\b/i.test(text)) {
    problems.push({
      code: 'missing_opt_out',
      severity: 'warning',
      message: 'Tell patients how to opt out, e.g. "Reply STOP to opt out."',
    });
  }
  return problems;
}

function emailProblems(part: Exclude<TemplatePart, 'sms'>, text: string): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const limit = part === 'email_subject' ? MAX_EMAIL_SUBJECT_LENGTH : MAX_EMAIL_BODY_LENGTH;
  if (text.length > limit) {
    problems.push({
      code: 'too_long',
      severity: 'error',
      message: `Keep this to ${limit} characters or fewer (it has ${text.length}).`,
    });
  }
  if (/<\/?[a-z][^>]*>/i.test(text)) {
    problems.push({
      code: 'markup_not_rendered',
      severity: 'warning',
      message: 'Email templates are plain text: HTML tags will be shown to the patient as typed.',
    });
  }
  return problems;
}
