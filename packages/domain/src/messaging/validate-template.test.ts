import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES, TEMPLATE_PARTS } from './templates.ts';
import { validateTemplateOverride } from './validate-template.ts';

const codes = (problems: ReturnType<typeof validateTemplateOverride>) => problems.map((p) => p.code);

describe('validateTemplateOverride', () => {
  it('finds nothing wrong with the default templates', () => {
    for (const kind of ['payment_request', 'card_update_request'] as const) {
      for (const part of TEMPLATE_PARTS) {
        expect(validateTemplateOverride(part, DEFAULT_TEMPLATES[kind][part], kind)).toEqual([]);
      }
    }
  });

  it('rejects empty templates and unknown placeholders', () => {
    expect(codes(validateTemplateOverride('sms', '  '))).toEqual(['empty']);
    const problems = validateTemplateOverride('email_text', 'Hi {{patientName}}, pay at {{link}}');
    expect(problems).toEqual([
      expect.objectContaining({ code: 'unknown_placeholder', severity: 'error', placeholder: 'patientName' }),
    ]);
  });

  it('rejects placeholders a part may not use', () => {
    expect(codes(validateTemplateOverride('sms', '{{description}} {{link}} STOP'))).toEqual([
      'placeholder_not_allowed',
    ]);
    expect(codes(validateTemplateOverride('email_subject', 'Re: {{description}}'))).toEqual([
      'placeholder_not_allowed',
    ]);
    expect(codes(validateTemplateOverride('email_text', '{{description}}: {{link}}'))).toEqual([]);
    expect(codes(validateTemplateOverride('email_subject', 'Pay {{amount}}', 'card_update_request'))).toEqual(
      ['placeholder_not_allowed'],
    );
  });

  it('warns when the link or the opt-out is missing (the link gets appended)', () => {
    expect(codes(validateTemplateOverride('sms', 'Pay {{amount}} now. Reply STOP to opt out.'))).toEqual([
      'missing_link',
    ]);
    expect(codes(validateTemplateOverride('sms', 'Pay {{amount}}: {{link}}'))).toEqual(['missing_opt_out']);
    expect(validateTemplateOverride('email_text', 'Pay {{amount}}.')[0]?.severity).toBe('warning');
  });

  it('rejects an SMS that would need more than two segments with a typical name and link', () => {
    const long = `{{clinicName}}: ${'x'.repeat(250)} {{link}} STOP`;
    expect(validateTemplateOverride('sms', long)).toEqual([
      expect.objectContaining({ code: 'too_long', severity: 'error' }),
    ]);
    const fits = `{{clinicName}}: ${'x'.repeat(150)} {{link}} STOP`;
    expect(validateTemplateOverride('sms', fits)).toEqual([]);
  });

  it('warns about characters that switch an SMS to UCS-2', () => {
    expect(codes(validateTemplateOverride('sms', 'Pay 👍 {{link}} STOP'))).toEqual(['unicode_sms']);
  });

  it('warns that HTML in email templates is shown as text, and limits lengths', () => {
    expect(codes(validateTemplateOverride('email_html', '<b>Pay</b> now'))).toEqual(['markup_not_rendered']);
    expect(codes(validateTemplateOverride('email_subject', 'x'.repeat(151)))).toEqual(['too_long']);
    expect(codes(validateTemplateOverride('email_text', `${'x'.repeat(5001)} {{link}}`))).toEqual([
      'too_long',
    ]);
  });
});
