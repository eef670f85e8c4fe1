// A request the HTTP layer could not read is the sender's mistake, never a 500. body-parser tags its
// refusals with a `type` (too large → 413, not parseable → 400, an encoding or charset we don't read
// → 415); Express marks others with a 4xx `status` (a path whose percent-encoding is broken → 400).
// Mounted once, before the last-resort handler, so it covers the REST API, webhooks and pages alike.
import type { NextFunction, Request, Response } from 'express';

type Refusal = { status: number; message: string; field: string };

const BODY_REFUSALS: Record<string, Refusal> = {
  'entity.too.large': { status: 413, message: 'The request body is too large', field: 'body' },
  'parameters.too.many': { status: 413, message: 'The request body has too many fields', field: 'body' },
  'entity.parse.failed': { status: 400, message: 'The request body is not valid JSON', field: 'body' },
  'entity.verify.failed': { status: 400, message: 'The request body could not be read', field: 'body' },
  'request.size.invalid': { status: 400, message: 'The request body is incomplete', field: 'body' },
  'encoding.unsupported': {
    status: 415,
    message: 'The body’s Content-Encoding is not supported',
    field: 'Content-Encoding',
  },
  'charset.unsupported': {
    status: 415,
    message: 'The body’s charset is not supported',
    field: 'Content-Type',
  },
};

function refusalOf(error: unknown): Refusal | null {
  if (typeof error !== 'object' || error === null) return null;
  const { type, status } = error as { type?: unknown; status?: unknown };
  if (typeof type === 'string' && BODY_REFUSALS[type]) return BODY_REFUSALS[type];
  if (typeof status === 'number' && status >= 400 && status < 500)
    return { status, message: 'The request could not be read', field: 'url' };
  return null;
}

export function clientErrors(error: unknown, req: Request, res: Response, next: NextFunction): void {
  const refusal = refusalOf(error);
  if (!refusal || res.headersSent) {
    next(error);
    return;
  }
  res.status(refusal.status);
  if (req.path.startsWith('/api/') || req.path.startsWith('/webhooks/')) {
    res.json({
      error: {
        code: 'VALIDATION',
        message: refusal.message,
        fieldErrors: [{ field: refusal.field, message: refusal.message }],
      },
    });
  } else {
    res.type('text/plain').send(refusal.message);
  }
}
