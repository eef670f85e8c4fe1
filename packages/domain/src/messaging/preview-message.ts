// What a patient would receive for the given (unsaved) template texts: both channels rendered with
// the clinic's real short-link address and expiry wording, the SMS segment count, and the problems
// each text has.
import type { Clock } from '../shared/clock.ts';
import type { OrganizationRepository } from '../organizations/organization-ports.ts';
import type { MessageUrls, TemplatePartName, TemplateStore } from './message-ports.ts';
import { formatExpiry } from './send-message.ts';
import type { LinkUrls } from '../payment-links/use-cases/deps.ts';
import { DEFAULT_EXPIRES_IN_HOURS } from '../payment-links/payment-link.ts';
import { AppError } from '../shared/app-error.ts';
import { err, ok } from '../shared/result.ts';
import { renderMessage } from './render-message.ts';
import type { MessageKind } from './templates.ts';
import { validateTemplateOverride } from './validate-template.ts';

// What a preview can't know yet: the amount when none is typed, the description (email only) and
// the link's code (15 characters, as every real one, so the segment count is the real one).
const SAMPLE = { amount: '$150.00', description: 'Office visit', shortCode: 'k7m2pq9xr4tz8wc' };

const PARTS: readonly TemplatePartName[] = ['sms', 'email_subject', 'email_text'];

export type PreviewInput = {
  organizationId: string;
  kind: MessageKind;
  /** The texts being edited; the parts left out are the stored ones (or the defaults). */
  overrides?: Partial<Record<TemplatePartName, string>> | undefined;
  customMessage?: string | undefined;
  amount?: string | undefined;
  /** The validity chosen for the link (default: the link type's), for the expiry it will show. */
  expiresInHours?: number | undefined;
};

export async function previewMessage(
  input: PreviewInput,
  deps: {
    repos: { organizations: OrganizationRepository; templates: TemplateStore };
    linkUrls: LinkUrls;
    messageUrls: MessageUrls;
    clock: Clock;
  },
) {
  const org = await deps.repos.organizations.findById(input.organizationId);
  if (!org) return err(AppError.notFound('Organization'));
  const stored = await deps.repos.templates.overrides(input.organizationId, input.kind);
  const overrides = { ...stored, ...input.overrides };
  // The clinic's own short-link address and the expiry a link made now would have: what the
  // patient will really read (and the real length, for the segment count).
  const hours =
    input.expiresInHours ??
    DEFAULT_EXPIRES_IN_HOURS[input.kind === 'payment_request' ? 'CHECKOUT' : 'CARD_UPDATE'];
  const shortUrl = deps.linkUrls.shortUrl(org, SAMPLE.shortCode);
  const vars = (channel: 'sms' | 'email') => ({
    clinicName: org.name,
    clinicPhone: org.contactPhone ?? '',
    amount: input.amount ?? SAMPLE.amount,
    link: `${shortUrl}?via=${channel === 'sms' ? 's' : 'e'}`,
    expiresAt: formatExpiry(new Date(deps.clock.now().getTime() + hours * 3_600_000), org),
    customMessage: input.customMessage ?? '',
    description: SAMPLE.description,
  });
  const common = { overrides, allowDescriptionInEmail: org.settings.allowDescriptionInEmail };
  const unsubscribeUrl = deps.messageUrls.unsubscribeUrl('…');
  const sms =
    input.kind === 'payment_request'
      ? renderMessage({ kind: 'payment_request', vars: vars('sms'), channel: 'sms', ...common })
      : renderMessage({ kind: 'card_update_request', vars: vars('sms'), channel: 'sms', ...common });
  const email =
    input.kind === 'payment_request'
      ? renderMessage({
          kind: 'payment_request',
          vars: vars('email'),
          channel: 'email',
          ...common,
          unsubscribeUrl,
        })
      : renderMessage({
          kind: 'card_update_request',
          vars: vars('email'),
          channel: 'email',
          ...common,
          unsubscribeUrl,
        });
  // The parts being edited, in the order they are listed; a part given empty is reported as empty.
  const edited = input.overrides ?? {};
  const problems = PARTS.filter((part) => part in edited).flatMap((part) =>
    validateTemplateOverride(part, edited[part] ?? ''),
  );
  return ok({ sms, email, problems });
}
