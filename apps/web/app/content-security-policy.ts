// The Content-Security-Policy of one HTML page, set by entry.server.tsx on every document.
/**
 * The policy of one HTML page. Pages with scripts (the dashboard, sign-in) allow our own bundles and
 * the inline scripts carrying this response's nonce — never other inline script or eval. Patient
 * pages ship none, so they allow none. Style attributes stay allowed: server-rendered charts and
 * the emails shown in the dev outbox use them, and they can't run code.
 */
export function contentSecurityPolicy(page: { nonce: string; scripts: boolean }): string {
  const directives = page.scripts
    ? [
        "default-src 'self'",
        `script-src 'self' 'nonce-${page.nonce}'`,
        "style-src 'self'",
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "connect-src 'self'",
        "font-src 'self'",
      ]
    : ["default-src 'none'", "script-src 'none'", "style-src 'self'", "img-src 'self'"];
  return [
    ...directives,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
