// Reading links as staff see them: one with its details, a filtered page of them, and the short URL
// a link is shared under (which depends on the clinic's own short-link address).
import type { OrganizationRepository } from '../../organizations/organization-ports.ts';
import { resolveDateRange } from '../../analytics/analytics.ts';
import { AppError } from '../../shared/app-error.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import type { LinkDetails, LinkReadModel } from '../link-read-model.ts';
import type { LinkStatus } from '../link-status.ts';
import type { LinkType } from '../link-type.ts';
import type { PaymentLink } from '../payment-link.ts';
import type { LinkStore } from '../payment-link-ports.ts';
import type { LinkUrls } from './deps.ts';

type UrlDeps = { repos: { organizations: OrganizationRepository }; urls: LinkUrls };

/** The address the link was (or will be) sent under. */
export async function linkShortUrl(
  input: { organizationId: string; link: PaymentLink },
  deps: UrlDeps,
): Promise<Result<string, AppError>> {
  const organization = await deps.repos.organizations.findById(input.organizationId);
  if (!organization) return err(AppError.notFound('Organization'));
  return ok(deps.urls.shortUrl(organization, input.link.shortCode));
}

export async function getLinkDetails(
  input: { organizationId: string; linkId: string },
  deps: UrlDeps & { linkReads: LinkReadModel },
): Promise<Result<LinkDetails & { shortUrl: string }, AppError>> {
  const details = await deps.linkReads.details(input.organizationId, input.linkId);
  if (!details) return err(AppError.notFound('Link'));
  const shortUrl = await linkShortUrl({ organizationId: input.organizationId, link: details.link }, deps);
  return shortUrl.ok ? ok({ ...details, shortUrl: shortUrl.value }) : shortUrl;
}

export type ListLinksQuery = {
  organizationId: string;
  status?: LinkStatus | undefined;
  type?: LinkType | undefined;
  patientId?: string | undefined;
  providerId?: string | undefined;
  channel?: 'email' | 'sms' | 'direct' | undefined;
  /** Patient name, email or phone, or words of the description. */
  q?: string | undefined;
  /** Created on or after this date, in the clinic's time zone (YYYY-MM-DD). */
  from?: string | undefined;
  /** Created on or before this date, in the clinic's time zone (YYYY-MM-DD). */
  to?: string | undefined;
  sort?: 'created' | 'amount' | 'expires' | undefined;
  limit: number;
  offset: number;
};

/** A page of the clinic's links, newest first unless sorted otherwise; dates are the clinic's days. */
export async function listLinks(
  query: ListLinksQuery,
  deps: { repos: { organizations: OrganizationRepository; links: LinkStore }; urls: LinkUrls },
): Promise<Result<{ items: Array<{ link: PaymentLink; shortUrl: string }>; total: number }, AppError>> {
  const organization = await deps.repos.organizations.findById(query.organizationId);
  if (!organization) return err(AppError.notFound('Organization'));
  const { q, from, to, ...filters } = query;
  const range = resolveDateRange({ from, to }, organization.timeZone);
  if (!range.ok) return range;
  const page = await deps.repos.links.list({
    ...filters,
    ...(q ? { search: q } : {}),
    ...(range.value.from ? { createdFrom: range.value.from } : {}),
    ...(range.value.before ? { createdBefore: range.value.before } : {}),
  });
  return ok({
    items: page.items.map((link) => ({ link, shortUrl: deps.urls.shortUrl(organization, link.shortCode) })),
    total: page.total,
  });
}
