// /dashboard/links — the clinic's payment and card-update links: filter, page through, open one.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, useLoaderData, useNavigation } from '@remix-run/react';
import { LinksTable } from '../components/links-table.tsx';
import { STATUS_LABEL } from '../components/format.ts';
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
        <LinksTable links={items} timeZone={timeZone} locale={locale} />
      )}
      <Pager page={page} pages={pages} href={query} />
    </section>
  );
}
