import { describe, expect, it } from 'vitest';
import { countSmsSegments } from './sms-segments.ts';
import { escapeHtml, fillTemplate, placeholdersIn } from './template-engine.ts';
import { renderMessage } from './render-message.ts';
import { DEFAULT_TEMPLATES, type PaymentRequestVars, type TemplatePart } from './templates.ts';

// A 15-character short code, as the link service issues them.
const LINK = 'https://pay.example.com/l/AbCdEfGhIjKlMnO';

const vars: PaymentRequestVars = {
  clinicName: 'Riverside Family Dental Clinic',
  amount: '$150.00',
  link: LINK,
  expiresAt: 'Mar 14, 2026',
  clinicPhone: '(555) 555-0123',
};

function payment(
  opts: { vars?: Partial<PaymentRequestVars>; overrides?: Partial<Record<TemplatePart, string>> } = {},
) {
  return {
    kind: 'payment_request' as const,
    allowDescriptionInEmail: false,
    vars: { ...vars, ...opts.vars },
    ...(opts.overrides ? { overrides: opts.overrides } : {}),
  };
}

describe('template engine', () => {
  it('replaces placeholders once, leaving placeholders inside values literal', () => {
    expect(fillTemplate('Hi {{ name }}, {{other}}!', { name: '{{other}}', other: 'x' })).toBe(
      'Hi {{other}}, x!',
    );
  });

  it('renders unknown placeholders as empty text and lists placeholders in order', () => {
    expect(fillTemplate('a{{nope}}b', {})).toBe('ab');
    expect(placeholdersIn('{{b}} {{a}} {{ b }}')).toEqual(['b', 'a']);
  });

  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });
});

describe('renderMessage: defaults', () => {
  it('default SMS fit in two segments with a 15-character-code link and no PHI', () => {
    for (const kind of ['payment_request', 'card_update_request'] as const) {
      const sms = renderMessage({ ...payment(), kind, channel: 'sms' });
      expect(sms.body).toContain(LINK);
      expect(sms.body).toContain('Reply STOP to opt out.');
      expect(sms.segments.encoding).toBe('GSM-7');
      expect(sms.segments.segments).toBeLessThanOrEqual(2);
      expect(sms.segments).toEqual({
        encoding: 'GSM-7',
        segments: countSmsSegments(sms.body).segments,
      });
      expect(sms.body).not.toMatch(/ {2}/);
    }
    expect(renderMessage({ ...payment(), channel: 'sms' }).body).toBe(
      'Riverside Family Dental Clinic: you have a payment request for $150.00. ' +
        `Pay securely: ${LINK} (expires Mar 14, 2026). Reply STOP to opt out.`,
    );
  });

  it('default email has subject, text and HTML with button, visible link, expiry and contact', () => {
    const email = renderMessage({
      ...payment(),
      channel: 'email',
      unsubscribeUrl: 'https://u.example/x?a=1&b=2',
    });
    expect(email.subject).toBe('Payment request from Riverside Family Dental Clinic');
    expect(email.text).toContain(`Pay securely online: ${LINK}`);
    expect(email.text).toContain('This link expires Mar 14, 2026.');
    expect(email.text).toContain('(555) 555-0123');
    expect(email.text).toContain('Unsubscribe: https://u.example/x?a=1&b=2');
    expect(email.html).toContain(`href="${LINK}"`);
    expect(email.html).toContain('>Pay $150.00</a>');
    expect(email.html).toContain(`>${LINK}</a>`);
    expect(email.html).toContain('expires Mar 14, 2026');
    expect(email.html).toContain('href="https://u.example/x?a=1&amp;b=2"');
    expect(email.html).not.toContain('<table');
    expect(email.html).toContain('name="viewport"');
  });

  it('card update emails say "Update card" and never mention an amount', () => {
    const email = renderMessage({
      kind: 'card_update_request',
      channel: 'email',
      vars: { ...vars },
      allowDescriptionInEmail: false,
    });
    expect(email.html).toContain('>Update card</a>');
    expect(`${email.subject} ${email.text} ${email.html}`).not.toContain('$150.00');
    expect(email.html).not.toContain('Unsubscribe');
  });
});

describe('renderMessage: escaping', () => {
  const hostile = {
    clinicName: 'Evil <script>alert(1)</script> Clinic',
    customMessage: '<img src=x onerror=alert(2)> & "hi"',
  };

  it('escapes clinic name and custom message in HTML', () => {
    const email = renderMessage({ ...payment({ vars: hostile }), channel: 'email' });
    expect(email.html).not.toContain('<script>');
    expect(email.html).not.toContain('<img');
    expect(email.html).toContain('Evil &lt;script&gt;alert(1)&lt;/script&gt; Clinic');
    expect(email.html).toContain('&lt;img src=x onerror=alert(2)&gt; &amp; &quot;hi&quot;');
  });

  it('keeps them as typed in text and SMS', () => {
    const email = renderMessage({ ...payment({ vars: hostile }), channel: 'email' });
    const sms = renderMessage({ ...payment({ vars: hostile }), channel: 'sms' });
    expect(email.text).toContain('<img src=x onerror=alert(2)> & "hi"');
    expect(email.subject).toContain('Evil <script>alert(1)</script> Clinic');
    expect(sms.body).toContain('<img src=x onerror=alert(2)> & "hi"');
  });

  it('escapes org-written email_html text too: markup is shown, not interpreted', () => {
    const email = renderMessage({
      ...payment({
        overrides: { email_html: '<b>Hi</b> from {{clinicName}}\n<a href="https://evil.example">x</a>' },
      }),
      channel: 'email',
    });
    expect(email.html).toContain('&lt;b&gt;Hi&lt;/b&gt; from Riverside Family Dental Clinic<br>&lt;a href=');
    expect(email.html).not.toContain('https://evil.example"');
  });

  it('puts one-line subjects on the wire even if a value contains newlines', () => {
    const email = renderMessage({
      ...payment({ vars: { clinicName: 'A\r\nBcc: x@example.com' } }),
      channel: 'email',
    });
    expect(email.subject).toBe('Payment request from A Bcc: x@example.com');
  });

  it('never turns a non-http link into a clickable href', () => {
    const email = renderMessage({ ...payment({ vars: { link: 'javascript:alert(1)' } }), channel: 'email' });
    expect(email.html).not.toContain('href="javascript:');
  });
});

describe('renderMessage: the link and the custom message', () => {
  it('appends the link when a custom SMS template lacks it', () => {
    const sms = renderMessage({
      ...payment({ overrides: { sms: '{{clinicName}} sent a bill. Reply STOP to opt out.' } }),
      channel: 'sms',
    });
    expect(sms.body).toBe(`Riverside Family Dental Clinic sent a bill. Reply STOP to opt out. ${LINK}`);
  });

  it('appends the link to a custom email text without it; HTML always has the button', () => {
    const email = renderMessage({
      ...payment({
        overrides: { email_text: 'Please pay {{amount}}.', email_html: 'Please pay {{amount}}.' },
      }),
      channel: 'email',
    });
    expect(email.text.startsWith(`Please pay $150.00.\n\n${LINK}`)).toBe(true);
    expect(email.html).toContain(`href="${LINK}"`);
  });

  it("shows an org's reworded email text in the HTML too when it has no HTML override", () => {
    const email = renderMessage({
      ...payment({
        overrides: { email_text: 'Dear patient,\n\nYour balance at {{clinicName}} is {{amount}}.' },
      }),
      channel: 'email',
    });
    expect(email.html).toContain('Your balance at Riverside Family Dental Clinic is $150.00.');
    expect(email.html).not.toContain('has sent you a payment request');
    expect(email.html).toContain(`href="${LINK}"`);
  });

  it('a custom message never replaces the link, even when it contains a URL or {{link}}', () => {
    const customMessage = 'Call us first: https://other.example {{link}}';
    const sms = renderMessage({
      ...payment({ vars: { customMessage }, overrides: { sms: '{{customMessage}}' } }),
      channel: 'sms',
    });
    expect(sms.body).toBe(`${customMessage} ${LINK}`);
    const defaults = renderMessage({ ...payment({ vars: { customMessage } }), channel: 'sms' });
    expect(defaults.body).toContain(customMessage);
    expect(defaults.body).toContain(`Pay securely: ${LINK}`);
  });

  it('adds the custom message where the template puts it, or appends it, never dropping content', () => {
    const customMessage = 'Thanks for visiting!';
    const placed = renderMessage({ ...payment({ vars: { customMessage } }), channel: 'sms' });
    expect(placed.body).toContain(`for $150.00. ${customMessage} Pay securely: ${LINK}`);
    const appended = renderMessage({
      ...payment({
        vars: { customMessage },
        overrides: { sms: 'Pay here {{link}}. Reply STOP to opt out.' },
      }),
      channel: 'sms',
    });
    expect(appended.body).toBe(`Pay here ${LINK}. Reply STOP to opt out. ${customMessage}`);
    const email = renderMessage({
      ...payment({
        vars: { customMessage },
        overrides: { email_text: 'Pay: {{link}}', email_html: 'Pay now.' },
      }),
      channel: 'email',
    });
    expect(email.text).toBe(
      `Pay: ${LINK}\n\n${customMessage}\n\nQuestions? Contact Riverside Family Dental Clinic at (555) 555-0123.`,
    );
    expect(email.html).toContain(`>${customMessage}</p>`);
  });
});

describe('renderMessage: description (PHI) only when allowed, only in email bodies', () => {
  const description = 'Root canal, tooth 14';
  const overrides = {
    sms: '{{description}} {{link}} Reply STOP to opt out.',
    email_subject: 'About {{description}}',
    email_text: 'For: {{description}}. {{link}}',
    email_html: 'For: {{description}}.',
  };

  it('is absent from everything by default, even when a description exists', () => {
    for (const allowDescriptionInEmail of [false, true]) {
      const input = { ...payment({ vars: { description } }), allowDescriptionInEmail };
      const sms = renderMessage({ ...input, channel: 'sms' });
      const email = renderMessage({ ...input, channel: 'email' });
      expect(`${sms.body}${email.subject}${email.text}${email.html}`).not.toContain('Root canal');
    }
    expect(JSON.stringify(DEFAULT_TEMPLATES)).not.toContain('{{description}}');
  });

  it('renders in email text and HTML only when the org allows it, never in SMS or subject', () => {
    const allowed = { ...payment({ vars: { description }, overrides }), allowDescriptionInEmail: true };
    const email = renderMessage({ ...allowed, channel: 'email' });
    expect(email.text).toContain('For: Root canal, tooth 14.');
    expect(email.html).toContain('For: Root canal, tooth 14.');
    expect(email.subject).toBe('About');
    expect(renderMessage({ ...allowed, channel: 'sms' }).body).not.toContain('Root canal');

    const denied = renderMessage({ ...allowed, allowDescriptionInEmail: false, channel: 'email' });
    expect(`${denied.text}${denied.html}`).not.toContain('Root canal');
  });
});
