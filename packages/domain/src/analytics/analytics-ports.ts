// What analytics read from storage: raw counts and sums, in minor units per currency. The use cases
// turn them into rates, decimals and the API's shapes (see docs/metrics.md for every definition).
import type { LinkType } from '../payment-links/link-type.ts';
import type { MinorUnits } from '../money/money.ts';

/** Links created on [from, to] (calendar days in `timeZone`), optionally of one provider or type. */
export type AnalyticsFilter = {
  organizationId: string;
  from: string;
  to: string;
  timeZone: string;
  providerId?: string | undefined;
  type?: LinkType | undefined;
};

export type MinorByCurrency = Array<{ currency: string; amountMinor: MinorUnits; count: number }>;

export type LinkClickStats = {
  clicks: number;
  uniqueVisitors: number;
  botClicks: number;
  clicksByDay: Array<{ date: string; count: number }>;
  devices: Record<string, number>;
  channels: Record<string, number>;
};

export type ClickRecord = {
  at: Date;
  channel: string;
  deviceType: string | null;
  browser: string | null;
  os: string | null;
  isBot: boolean;
  botReason: string | null;
};

export type ChannelCounts = { sent: number; delivered: number; clicked: number; converted: number };

export type OrganizationStats = {
  links: { created: number; completed: number; expired: number; cancelled: number; active: number };
  requested: MinorByCurrency;
  pending: MinorByCurrency;
  /** Payments on the links (gross), with how many. */
  collected: MinorByCurrency;
  refunded: MinorByCurrency;
  linksByDay: Array<{ date: string; created: number; completed: number; expired: number }>;
  channels: {
    email: ChannelCounts;
    sms: ChannelCounts;
    direct: { shared: number; clicked: number; converted: number };
  };
  providers: Array<{
    providerId: string | null;
    name: string | null;
    linksCreated: number;
    completed: number;
    collected: MinorByCurrency;
  }>;
  /** Median seconds from the first send to payment, over paid links that were sent. */
  medianSecondsSentToPaid: number | null;
  /** Median seconds from the first human click to payment. */
  medianSecondsClickToPaid: number | null;
  failedPayments: { links: number; recovered: number };
  checkout: { opened: number; openedNotPaid: number };
  /** By the first send's weekday (1 = Monday … 7 = Sunday) and hour in the organization's zone. */
  sendTimes: Array<{ weekday: number; hour: number; sent: number; converted: number }>;
};

export type LinkExportRow = {
  id: string;
  shortCode: string;
  type: string;
  status: string;
  patientName: string;
  providerName: string | null;
  currency: string;
  amountMinor: MinorUnits | null;
  description: string | null;
  createdAt: Date;
  expiresAt: Date;
  completedAt: Date | null;
  sentViaEmail: boolean;
  sentViaSms: boolean;
  clickCount: number;
  collectedMinor: MinorUnits;
  refundedMinor: MinorUnits;
};

export type PaymentExportRow = {
  id: string;
  linkId: string;
  paidAt: Date | null;
  createdAt: Date;
  patientName: string;
  providerName: string | null;
  status: string;
  currency: string;
  amountMinor: MinorUnits;
  refundedMinor: MinorUnits;
  receiptUrl: string | null;
};

export interface AnalyticsReader {
  linkClickStats(organizationId: string, linkId: string, timeZone: string): Promise<LinkClickStats>;
  /** The link's most recent clicks, bots included (flagged), newest last. */
  linkClicks(organizationId: string, linkId: string, limit: number): Promise<ClickRecord[]>;
  organizationStats(filter: AnalyticsFilter): Promise<OrganizationStats>;
  /** The headline figures of organizationStats alone (for the links list's summary strip), cheaply. */
  organizationSummary(
    filter: AnalyticsFilter,
  ): Promise<
    Pick<OrganizationStats, 'requested' | 'pending' | 'collected'> & { created: number; completed: number }
  >;
  /** Links created in the range, oldest first, a page at a time (never all in memory). */
  exportLinks(filter: AnalyticsFilter): AsyncIterable<LinkExportRow[]>;
  /** Payments made in the range (newest first), optionally of one status, a page of them. */
  listPayments(
    filter: AnalyticsFilter,
    page: { status?: string | undefined; limit: number; offset: number },
  ): Promise<{ items: PaymentExportRow[]; total: number }>;
  /** Payments created in the range on links matching the filter, oldest first, a page at a time. */
  exportPayments(filter: AnalyticsFilter): AsyncIterable<PaymentExportRow[]>;
}

/**
 * Retention of what identifies a visitor. Cross-tenant by design: the rules are the platform's, and
 * each method works in slices so a first run over a large table never holds many row locks for long.
 */
export interface ClickRetention {
  /** Clicks made before `cutoff` lose their IP address; returns how many did. */
  eraseAddressesBefore(cutoff: Date): Promise<number>;
  /** Deletes the visitor salts of days before `day` (YYYY-MM-DD, UTC); returns how many. */
  deleteSaltsBefore(day: string): Promise<number>;
  /** Forgets the unknown-code throttle's rows of clients it no longer restricts at `now`. */
  forgetIdleGuessers(now: Date): Promise<number>;
}
