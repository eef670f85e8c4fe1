import { z } from 'zod';
import { MAX_EXPIRES_IN_HOURS, MIN_EXPIRES_IN_HOURS } from '@clinicpay/domain';
import { line, text } from '../schemas.ts';
import { messageKind } from './template-parts.ts';

export const previewMessageInput = z.object({
  kind: messageKind,
  overrides: z
    .object({
      sms: text(2000),
      email_subject: line(500),
      email_text: text(5000),
    })
    .partial()
    .optional(),
  customMessage: text(320).optional(),
  amount: line(32).optional(),
  /** The validity chosen for the link (default: the link type's), for the expiry it will show. */
  expiresInHours: z.number().int().min(MIN_EXPIRES_IN_HOURS).max(MAX_EXPIRES_IN_HOURS).optional(),
});

export const previewMessageOutput = z.object({
  sms: z.object({
    body: z.string(),
    segments: z.object({ encoding: z.enum(['GSM-7', 'UCS-2']), segments: z.number() }),
  }),
  email: z.object({ subject: z.string(), text: z.string(), html: z.string() }),
  /** What is wrong (errors block saving) or worth a look (warnings) in each edited text. */
  problems: z.array(
    z.object({
      code: z.enum([
        'empty',
        'unknown_placeholder',
        'placeholder_not_allowed',
        'missing_link',
        'too_long',
        'unicode_sms',
        'missing_opt_out',
        'markup_not_rendered',
      ]),
      severity: z.enum(['error', 'warning']),
      message: z.string(),
      placeholder: z.string().optional(),
    }),
  ),
});
export type PreviewMessageOutput = z.infer<typeof previewMessageOutput>;
