// /dashboard/analytics — the spec's PaymentLinkAnalytics for a date range and provider: totals,
// links by day, the channel funnel, top providers, revenue and the best time to send.
// Definitions: docs/metrics.md.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, useLoaderData, useNavigation } from '@remix-run/react';
import { BarChart, everyDay } from '../components/bar-chart.tsx';
import { Stat } from '../components/stat.tsx';
import { ProviderSelect } from '../components/provider-select.tsx';
import { DateField } from '../components/date-field.tsx';
import { formatDuration, formatMoneyByCurrency, formatPercent } from '../components/format.ts';

export const meta: MetaFunction = () => [{ title: 'Analytics · ClinicPay' }];

const WEEKDAYS = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const query = {
    from: url.searchParams.get('from') || null,
    to: url.searchParams.get('to') || null,
    providerId: url.searchParams.get('providerId') || null,
  };
  const [organization, providers] = await Promise.all([
    context.app.caller.organization.get(),
    context.app.caller.organization.providers(),
  ]);
  try {
    const figures = await context.app.caller.analytics.organization(query);
    return { figures, errors: [], query, providers, locale: organization.locale };
  } catch (error) {
    const described = context.app.describeError(error);
    if (described.code !== 'VALIDATION') throw error;
    return data(
      { figures: null, errors: described.fieldErrors, query, providers, locale: organization.locale },
      { status: 422 },
    );
  }
}

export default function Analytics() {
  const { figures, errors, query, providers, locale } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const errorFor = (field: string) => errors.find((e) => e.field === field)?.message;
  return (
    <section aria-labelledby="analytics-title">
      <h1 id="analytics-title">Analytics</h1>
      <Form method="get" className="filters" aria-label="Date range and provider">
        <DateField
          name="from"
          label="From"
          defaultValue={query.from ?? figures?.range.from ?? ''}
          error={errorFor('from')}
        />
        <DateField
          name="to"
          label="To"
          defaultValue={query.to ?? figures?.range.to ?? ''}
          error={errorFor('to')}
        />
        <ProviderSelect
          providers={providers}
          defaultValue={query.providerId ?? undefined}
          anyLabel="All providers"
        />
        <button type="submit" disabled={navigation.state === 'loading'}>
          Show
        </button>
      </Form>
      {!figures ? null : (
        <>
          <p className="muted">
            Links created {figures.range.from} to {figures.range.to} ({figures.range.timeZone}).{' '}
            <a href={`/api/billing/exports/links.csv?from=${figures.range.from}&to=${figures.range.to}`}>
              Export links (CSV)
            </a>{' '}
            ·{' '}
            <a href={`/api/billing/exports/payments.csv?from=${figures.range.from}&to=${figures.range.to}`}>
              Export payments (CSV)
            </a>
          </p>
          <div className="stats">
            <Stat label="Links created" value={figures.totalLinksCreated.toLocaleString(locale)} />
            <Stat
              label="Requested"
              value={formatMoneyByCurrency(figures.totalAmountRequested, locale)}
              small
            />
            <Stat
              label="Collected"
              value={formatMoneyByCurrency(figures.totalAmountCollected, locale)}
              small
            />
            <Stat label="Pending" value={formatMoneyByCurrency(figures.totalAmountPending, locale)} small />
            <Stat label="Conversion" value={formatPercent(figures.averageConversionRate, locale)} />
          </div>
          <h2>Links by day</h2>
          {figures.linksByDay.length === 0 ? (
            <p className="empty">No links in this range.</p>
          ) : (
            <BarChart
              label="Links by day: created, paid (completed) and expired"
              height={200}
              series={[
                { key: 'created', label: 'Created', tone: 'blue' },
                { key: 'completed', label: 'Paid', tone: 'green' },
                { key: 'expired', label: 'Expired', tone: 'orange' },
              ]}
              rows={everyDay(figures.range.from, figures.range.to, figures.linksByDay, {
                created: 0,
                completed: 0,
                expired: 0,
              })}
            />
          )}
          <h2>Channels</h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Channel</th>
                  <th scope="col">Sent</th>
                  <th scope="col">Delivered</th>
                  <th scope="col">Opened</th>
                  <th scope="col">Paid</th>
                  <th scope="col">Conversion</th>
                </tr>
              </thead>
              <tbody>
                {(['email', 'sms'] as const).map((c) => (
                  <tr key={c}>
                    <th scope="row">{c === 'sms' ? 'SMS' : 'Email'}</th>
                    <td className="num">{figures.channelMetrics[c].sent.toLocaleString(locale)}</td>
                    <td className="num">{figures.channelMetrics[c].delivered.toLocaleString(locale)}</td>
                    <td className="num">{figures.channelMetrics[c].clicked.toLocaleString(locale)}</td>
                    <td className="num">{figures.channelMetrics[c].converted.toLocaleString(locale)}</td>
                    <td className="num">{formatPercent(figures.channelMetrics[c].conversionRate, locale)}</td>
                  </tr>
                ))}
                <tr>
                  <th scope="row">Direct (copy, QR)</th>
                  <td className="num">{figures.channelMetrics.direct.shared.toLocaleString(locale)}</td>
                  <td className="num">—</td>
                  <td className="num">{figures.channelMetrics.direct.clicked.toLocaleString(locale)}</td>
                  <td className="num">{figures.channelMetrics.direct.converted.toLocaleString(locale)}</td>
                  <td className="num">
                    {formatPercent(figures.channelMetrics.direct.conversionRate, locale)}
                  </td>
                </tr>
              </tbody>
            </table>
          </div>
          <div className="columns">
            <div>
              <h2>Top providers</h2>
              {figures.topProviders.length === 0 ? (
                <p className="muted">—</p>
              ) : (
                <div className="table-wrap">
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">Provider</th>
                        <th scope="col">Links</th>
                        <th scope="col">Conversion</th>
                        <th scope="col">Collected</th>
                      </tr>
                    </thead>
                    <tbody>
                      {figures.topProviders.map((p) => (
                        <tr key={p.providerId ?? 'none'}>
                          <th scope="row">{p.name ?? '—'}</th>
                          <td className="num">{p.linksCreated.toLocaleString(locale)}</td>
                          <td className="num">{formatPercent(p.conversionRate, locale)}</td>
                          <td className="num">{formatMoneyByCurrency(p.totalCollected, locale)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </div>
            <div>
              <h2>Revenue</h2>
              <dl className="details">
                <dt>Average payment</dt>
                <dd>{formatMoneyByCurrency(figures.revenue.averagePayment, locale)}</dd>
                <dt>Refunded</dt>
                <dd>{formatMoneyByCurrency(figures.revenue.refunded, locale)}</dd>
                <dt>Send to payment (median)</dt>
                <dd>{formatDuration(figures.revenue.paymentVelocitySeconds)}</dd>
                <dt>Recovered after a failed payment</dt>
                <dd>
                  {figures.revenue.failedPaymentRecovery.recovered} of{' '}
                  {figures.revenue.failedPaymentRecovery.linksWithFailedPayment}
                </dd>
                <dt>Click-through (opened ÷ delivered)</dt>
                <dd>{formatPercent(figures.performance.clickThroughRate, locale)}</dd>
                <dt>Abandoned checkouts</dt>
                <dd>{formatPercent(figures.performance.abandonmentRate, locale)}</dd>
              </dl>
            </div>
          </div>
          <h2>Best time to send</h2>
          {figures.performance.bestTimeToSend.filter((t) => t.sent >= 5).length === 0 ? (
            <p className="muted">
              Not enough messages sent in this range to tell (5 per hour of the week at least).
            </p>
          ) : (
            <ol className="plain">
              {figures.performance.bestTimeToSend
                .filter((t) => t.sent >= 5)
                .slice(0, 5)
                .map((t) => (
                  <li key={`${t.weekday}-${t.hour}`}>
                    {WEEKDAYS[t.weekday]} {String(t.hour).padStart(2, '0')}:00 —{' '}
                    {formatPercent(t.conversionRate, locale)} paid ({t.sent} sent)
                  </li>
                ))}
            </ol>
          )}
        </>
      )}
    </section>
  );
}
