import { z } from 'zod';
import { LINK_TYPES } from '@clinicpay/domain';
import { analyticsQuery, analyticsRange, decimalsByCurrency } from './analytics-query.ts';

export const getOrganizationAnalyticsInput = analyticsQuery;

const messageChannel = z.object({
  sent: z.number(),
  delivered: z.number(),
  clicked: z.number(),
  converted: z.number(),
  clickThroughRate: z.number(),
  conversionRate: z.number(),
});
const perCurrencyCount = z.record(z.string(), z.number());

/** The organization's PaymentLinkAnalytics; every figure is defined in docs/metrics.md. */
export const getOrganizationAnalyticsOutput = z.object({
  range: analyticsRange,
  filters: z.object({ providerId: z.string().nullable(), type: z.enum(LINK_TYPES).nullable() }),
  totalLinksCreated: z.number(),
  totalAmountRequested: decimalsByCurrency,
  totalAmountCollected: decimalsByCurrency,
  totalAmountPending: decimalsByCurrency,
  averageConversionRate: z.number(),
  links: z.object({
    created: z.number(),
    completed: z.number(),
    expired: z.number(),
    cancelled: z.number(),
    active: z.number(),
  }),
  linksByDay: z.array(
    z.object({ date: z.string(), created: z.number(), completed: z.number(), expired: z.number() }),
  ),
  channelMetrics: z.object({
    email: messageChannel,
    sms: messageChannel,
    direct: z.object({
      shared: z.number(),
      clicked: z.number(),
      converted: z.number(),
      conversionRate: z.number(),
    }),
  }),
  topProviders: z.array(
    z.object({
      providerId: z.string().nullable(),
      name: z.string().nullable(),
      linksCreated: z.number(),
      conversionRate: z.number(),
      totalCollected: decimalsByCurrency,
    }),
  ),
  revenue: z.object({
    totalCollected: decimalsByCurrency,
    payments: perCurrencyCount,
    averagePayment: decimalsByCurrency,
    refunded: decimalsByCurrency,
    refunds: perCurrencyCount,
    paymentVelocitySeconds: z.number().nullable(),
    medianSecondsFromClickToPayment: z.number().nullable(),
    failedPaymentRecovery: z.object({
      linksWithFailedPayment: z.number(),
      recovered: z.number(),
      recoveryRate: z.number(),
    }),
  }),
  performance: z.object({
    clickThroughRate: z.number(),
    abandonmentRate: z.number(),
    checkoutOpened: z.number(),
    bestTimeToSend: z.array(
      z.object({
        weekday: z.number(),
        hour: z.number(),
        sent: z.number(),
        converted: z.number(),
        conversionRate: z.number(),
      }),
    ),
  }),
});
export type GetOrganizationAnalyticsOutput = z.infer<typeof getOrganizationAnalyticsOutput>;
