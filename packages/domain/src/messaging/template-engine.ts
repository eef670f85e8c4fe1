// The smallest template engine that does the job: `{{name}}` (spaces inside the braces allowed) is
// replaced by a value, nothing else. No conditionals, loops or helpers — org-edited templates stay
// plain text that cannot run code or reach data we did not hand them.

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;

/** Names of the `{{placeholders}}` in a template, in order of appearance, without duplicates. */
export function placeholdersIn(template: string): string[] {
  const names = new Set<string>();
  for (const match of template.matchAll(PLACEHOLDER)) {
    if (match[1] !== undefined) names.add(match[1]);
  }
  return [...names];
}

export function hasPlaceholder(template: string, name: string): boolean {
  return placeholdersIn(template).includes(name);
}

/**
 * Replaces every `{{name}}` in one pass, so a value that itself contains `{{link}}` (say, a custom
 * message) stays literal text and is never expanded. Unknown names render as '' rather than showing
 * braces to a patient; validateTemplateOverride reports them when the template is saved.
 * `encode` is applied to each substituted value only (e.g. escapeHtml).
 */
export function fillTemplate(
  template: string,
  values: Readonly<Record<string, string | undefined>>,
  encode: (value: string) => string = (value) => value,
): string {
  return template.replace(PLACEHOLDER, (_match, name: string) =>
    Object.hasOwn(values, name) ? encode(values[name] ?? '') : '',
  );
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Safe in element content and in double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character);
}
