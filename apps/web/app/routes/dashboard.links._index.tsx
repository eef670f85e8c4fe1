// /dashboard/links — the clinic's payment and card-update links: filter, page through, open one.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useNavigation } from '@remix-run/react';
import { formatDateTime, formatMoney, STATUS_LABEL } from '../components/format.ts';
import { Pager } from '../components/pager.tsx';

export const meta: MetaFunction = () => [{ title: 'Links · ClinicPay' }];

const PAGE = 25;
const STATUSES = ['ACTIVE', 'COMPLETED', 'EXPIRED', 'CANCELLED', 'REFUNDED', 'PARTIALLY_REFUNDED'] as const;
const TYPES = ['CHECKOUT', 'CARD_UPDATE'] as const;

export async function loader({ context, request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const status = STATUSES.find((s) => s === url.searchParams.get('status'));
  const type = TYPES.find((t) => t === url.searchParams.get('type'));
  const page = Math.max(1, Math.min(40_000, Number(url.searchParams.get('page')) || 1));
  const [list, organization] = await Promise.all([
    context.app.caller.links.list({
      ...(status ? { status } : {}),
      ...(type ? { type } : {}),
      limit: PAGE,
      offset: (page - 1) * PAGE,
    }),
    context.app.caller.organization.get(),
  ]);
  return {
    ...list,
    page,
    status: status ?? '',
    type: type ?? '',
    timeZone: organization.timeZone,
    locale: organization.locale,
  };
}

export default function Links() {
  const { items, total, page, status, type, timeZone, locale } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const pages = Math.max(1, Math.ceil(total / PAGE));
  const query = (p: number) => `?${new URLSearchParams({ status, type, page: String(p) })}`;
  return (
    <section aria-labelledby="links-title">
      <h1 id="links-title">Links</h1>
      <Form method="get" className="filters" aria-label="Filter links">
        <label>
          Status
          <select name="status" defaultValue={status}>
            <option value="">Any</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABEL[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Type
          <select name="type" defaultValue={type}>
            <option value="">Any</option>
            <option value="CHECKOUT">Payment</option>
            <option value="CARD_UPDATE">Card update</option>
          </select>
        </label>
        <button type="submit">Apply</button>
      </Form>
      <p className="muted" aria-live="polite">
        {navigation.state === 'loading'
          ? 'Loading…'
          : `${total.toLocaleString(locale)} link${total === 1 ? '' : 's'}`}
      </p>
      {items.length === 0 ? (
        <p className="empty">No links match these filters.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Created</th>
                <th scope="col">Type</th>
                <th scope="col">Amount</th>
                <th scope="col">Status</th>
                <th scope="col">Clicks</th>
                <th scope="col">Expires</th>
              </tr>
            </thead>
            <tbody>
              {items.map((l) => (
                <tr key={l.id}>
                  <td>
                    <Link to={`/dashboard/links/${l.id}`}>
                      {formatDateTime(l.createdAt, timeZone, locale)}
                    </Link>
                  </td>
                  <td>{l.type === 'CHECKOUT' ? 'Payment' : 'Card update'}</td>
                  <td className="num">{formatMoney(l.amount, l.currency, locale)}</td>
                  <td>
                    <span className={`status status-${l.status.toLowerCase()}`}>
                      {STATUS_LABEL[l.status]}
                    </span>
                  </td>
                  <td className="num">{l.clickCount}</td>
                  <td>{formatDateTime(l.expiresAt, timeZone, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={page} pages={pages} href={query} />
    </section>
  );
}
