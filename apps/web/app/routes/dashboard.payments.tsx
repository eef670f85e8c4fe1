// /dashboard/payments — payment history: date, patient, amount, status (paid, failed, refunded,
// partially refunded), receipt; filters by date range and status; CSV export of the same range.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { formatDateTime, formatMoney } from '../components/format.ts';
import { Pager } from '../components/pager.tsx';
import { DateField } from '../components/date-field.tsx';

export const meta: MetaFunction = () => [{ title: 'Payments · ClinicPay' }];

const PAGE = 25;
const STATUSES = {
  SUCCEEDED: 'Paid',
  FAILED: 'Failed',
  REFUNDED: 'Refunded',
  PARTIALLY_REFUNDED: 'Partly refunded',
} as const;
type Status = keyof typeof STATUSES;

export async function loader({ context, request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const status =
    (Object.keys(STATUSES) as Status[]).find((s) => s === url.searchParams.get('status')) ?? null;
  const page = Math.max(1, Math.min(40_000, Number(url.searchParams.get('page')) || 1));
  const query = { from: url.searchParams.get('from') || null, to: url.searchParams.get('to') || null };
  const organization = await context.app.caller.organization.get();
  try {
    const result = await context.app.caller.analytics.payments({
      ...query,
      status,
      limit: PAGE,
      offset: (page - 1) * PAGE,
    });
    return {
      result,
      errors: [],
      status: status ?? '',
      page,
      query,
      timeZone: organization.timeZone,
      locale: organization.locale,
    };
  } catch (error) {
    const described = context.app.describeError(error);
    if (described.code !== 'VALIDATION') throw error;
    return data(
      {
        result: null,
        errors: described.fieldErrors,
        status: status ?? '',
        page,
        query,
        timeZone: organization.timeZone,
        locale: organization.locale,
      },
      { status: 422 },
    );
  }
}

export default function Payments() {
  const { result, errors, status, page, query, timeZone, locale } = useLoaderData<typeof loader>();
  const errorFor = (field: string) => errors.find((e) => e.field === field)?.message;
  const from = query.from ?? result?.range.from ?? '';
  const to = query.to ?? result?.range.to ?? '';
  const pages = result ? Math.max(1, Math.ceil(result.total / PAGE)) : 1;
  return (
    <section aria-labelledby="payments-title">
      <h1 id="payments-title">Payments</h1>
      <Form method="get" className="filters" aria-label="Filter payments">
        <DateField name="from" label="From" defaultValue={from} error={errorFor('from')} />
        <DateField name="to" label="To" defaultValue={to} error={errorFor('to')} />
        <label>
          Status
          <select name="status" defaultValue={status}>
            <option value="">Any</option>
            {(Object.keys(STATUSES) as Status[]).map((s) => (
              <option key={s} value={s}>
                {STATUSES[s]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Apply</button>
      </Form>
      {result ? (
        <>
          <p className="muted">
            {result.total.toLocaleString(locale)} payment{result.total === 1 ? '' : 's'} from{' '}
            {result.range.from} to {result.range.to} ·{' '}
            <a href={`/api/billing/exports/payments.csv?from=${result.range.from}&to=${result.range.to}`}>
              Export CSV
            </a>
          </p>
          {result.items.length === 0 ? (
            <p className="empty">No payments in this range.</p>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Date</th>
                    <th scope="col">Patient</th>
                    <th scope="col">Amount</th>
                    <th scope="col">Status</th>
                    <th scope="col">Receipt</th>
                  </tr>
                </thead>
                <tbody>
                  {result.items.map((p) => (
                    <tr key={p.id}>
                      <td>
                        <Link to={`/dashboard/links/${p.linkId}`}>
                          {formatDateTime(p.paidAt ?? p.createdAt, timeZone, locale)}
                        </Link>
                      </td>
                      <td>{p.patientName}</td>
                      <td className="num">
                        {formatMoney(p.amount, p.currency, locale)}
                        {Number(p.refundedAmount) > 0 ? (
                          <span className="muted">
                            {' '}
                            (−{formatMoney(p.refundedAmount, p.currency, locale)})
                          </span>
                        ) : null}
                      </td>
                      <td>
                        <span
                          className={`status status-${p.status === 'SUCCEEDED' ? 'completed' : p.status.toLowerCase()}`}
                        >
                          {STATUSES[p.status as Status] ?? p.status}
                        </span>
                      </td>
                      <td>{p.receiptUrl ? <a href={p.receiptUrl}>Receipt</a> : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <Pager
            page={page}
            pages={pages}
            href={(p) => `?${new URLSearchParams({ from, to, status, page: String(p) })}`}
          />
        </>
      ) : null}
    </section>
  );
}
