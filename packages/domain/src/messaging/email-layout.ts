// Our HTML email around the org's (plain-text) message. Built in code, not from a template, so the
// button, the visible link, the expiry and the unsubscribe link are always there and always ours.
// No tables and no external CSS: a single centred column with inline styles reads well on phones and
// in the common clients; anything an org or staff member typed arrives here already escaped.

import { escapeHtml } from './template-engine.ts';

export type EmailLayoutInput = {
  clinicName: string;
  /** Escaped HTML paragraphs (`<p>…</p>`) of the org's message. */
  messageHtml: string;
  /** Plain text; only set when the message template did not place it itself. */
  customMessage: string | null;
  buttonLabel: string;
  link: string;
  expiresAt: string;
  clinicPhone: string | null;
  unsubscribeUrl: string | null;
};

const FONT = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
const TEXT = 'margin:0 0 16px;font-size:16px;line-height:1.5;color:#1f2937';
const SMALL = 'margin:0 0 12px;font-size:14px;line-height:1.5;color:#4b5563';

/** Plain text → escaped paragraphs; blank lines separate paragraphs, single newlines become <br>. */
export function textToHtmlParagraphs(escapedText: string, style: string = TEXT): string {
  return escapedText
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '')
    .map((paragraph) => `<p style="${style}">${paragraph.replace(/\s*\n\s*/g, '<br>')}</p>`)
    .join('\n');
}

// Links are ours (payment link, unsubscribe URL), but a non-http(s) value must never become a
// clickable `javascript:` or `data:` href.
export function safeHref(url: string): string {
  return /^https?:\/\//i.test(url) ? escapeHtml(url) : '#';
}

export function renderEmailLayout(input: EmailLayoutInput): string {
  const clinic = escapeHtml(input.clinicName);
  const link = safeHref(input.link);
  const blocks: string[] = [
    `<h1 style="margin:0 0 24px;font-size:22px;line-height:1.3;color:#111827">${clinic}</h1>`,
    input.messageHtml,
  ];
  if (input.customMessage) {
    blocks.push(
      `<div style="margin:0 0 16px;padding:12px 16px;border-left:4px solid #d1d5db;background:#f9fafb">` +
        textToHtmlParagraphs(escapeHtml(input.customMessage), 'margin:0;font-size:16px;line-height:1.5') +
        `</div>`,
    );
  }
  blocks.push(
    `<p style="margin:24px 0;text-align:center"><a href="${link}" style="display:inline-block;` +
      `padding:14px 28px;border-radius:8px;background:#0f766e;color:#ffffff;font-size:18px;` +
      `font-weight:600;text-decoration:none">${escapeHtml(input.buttonLabel)}</a></p>`,
    `<p style="${SMALL}">Button not working? Copy this link into your browser:<br>` +
      `<a href="${link}" style="color:#0f766e;word-break:break-all">${escapeHtml(input.link)}</a></p>`,
    `<p style="${SMALL}">This link expires ${escapeHtml(input.expiresAt)}.</p>`,
  );
  const footer: string[] = [];
  if (input.clinicPhone) {
    footer.push(`Questions? Contact ${clinic} at ${escapeHtml(input.clinicPhone)}.`);
  }
  if (input.unsubscribeUrl) {
    footer.push(
      `Don't want these emails? <a href="${safeHref(input.unsubscribeUrl)}" ` +
        `style="color:#6b7280">Unsubscribe</a>.`,
    );
  }
  if (footer.length > 0) {
    blocks.push(
      `<div style="margin-top:32px;padding-top:16px;border-top:1px solid #e5e7eb">` +
        footer.map((line) => `<p style="${SMALL}">${line}</p>`).join('') +
        `</div>`,
    );
  }
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${clinic}</title>`,
    '</head>',
    `<body style="margin:0;padding:0;background:#f3f4f6;font-family:${FONT}">`,
    `<div style="max-width:560px;margin:0 auto;padding:24px 16px">`,
    `<div style="padding:32px 24px;border-radius:12px;background:#ffffff">`,
    ...blocks,
    '</div>',
    '</div>',
    '</body>',
    '</html>',
  ].join('\n');
}
