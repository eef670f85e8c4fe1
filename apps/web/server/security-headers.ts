// The security headers of every answer, in one place. (nosniff, X-Frame-Options and Referrer-Policy
// are set in app.ts.)
//
// - Cache-Control: no-store on everything we answer: pages, REST, tRPC, CSV exports and the patient
//   pages all carry patient or clinic data, and a shared computer's browser cache or a proxy must
//   keep none of it. The build's content-hashed assets (/assets/) are the exception: express.static
//   gives them their long cache. Anything else that wants caching must say so here, not in its
//   loader (Remix appends route headers, so a second value would join this one, not replace it).
// - Strict-Transport-Security only when PUBLIC_BASE_URL is https (TLS may end at a proxy in front).
//   No includeSubDomains: the clinic's other hosts under the same domain are not ours to pin.
// - Content-Security-Policy on HTML pages: set per document by entry.server.tsx, which knows whether
//   the page ships scripts and holds the nonce (app/content-security-policy.ts).
import type { NextFunction, Request, Response } from 'express';

export function securityHeaders(options: { publicBaseUrl: string }) {
  const https = new URL(options.publicBaseUrl).protocol === 'https:';
  return (req: Request, res: Response, next: NextFunction) => {
    if (!req.path.startsWith('/assets/')) res.setHeader('Cache-Control', 'no-store');
    if (https) res.setHeader('Strict-Transport-Security', 'max-age=31536000');
    next();
  };
}
