// /dashboard/patients — search the organization's patients.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useLoaderData, useNavigation } from '@remix-run/react';
import { Pager } from '../components/pager.tsx';
import { cardLabel, expiringSoon } from '../components/card.ts';

const PAGE = 25;

export async function loader({ context, request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const query = url.searchParams.get('q')?.slice(0, 200) ?? '';
  const page = Math.max(1, Number(url.searchParams.get('page')) || 1);
  try {
    const result = await context.app.caller.patients.list({ query, limit: PAGE, offset: (page - 1) * PAGE });
    return { ...result, query, page };
  } catch (error) {
    // A search no patient can match (a control character): the page, with nothing found.
    if (context.app.describeError(error).code !== 'VALIDATION') throw error;
    return data({ items: [], total: 0, query, page }, { status: 422 });
  }
}

export default function Patients() {
  const { items, total, query, page } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const pages = Math.max(1, Math.ceil(total / PAGE));
  return (
    <section aria-labelledby="patients-title">
      <h1 id="patients-title">Patients</h1>
      <Form method="get" role="search" className="search">
        <label htmlFor="q" className="visually-hidden">
          Search patients by name, email or phone
        </label>
        <input
          id="q"
          name="q"
          type="search"
          defaultValue={query}
          placeholder="Search by name, email or phone"
        />
        <button type="submit">Search</button>
      </Form>
      <p className="muted" aria-live="polite">
        {navigation.state === 'loading' ? 'Loading…' : `${total} patient${total === 1 ? '' : 's'}`}
      </p>
      {items.length === 0 ? (
        <p className="empty">No patients match “{query}”.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Phone</th>
                <th scope="col">Card on file</th>
              </tr>
            </thead>
            <tbody>
              {items.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link to={`/dashboard/patients/${p.id}`}>{p.name}</Link>
                  </td>
                  <td>{p.email ?? '—'}</td>
                  <td>
                    {p.phone ?? '—'}
                    {p.smsOptedOut ? <span className="badge">SMS opted out</span> : null}
                  </td>
                  <td>
                    {cardLabel(p.card)}
                    {expiringSoon(p.card) ? <span className="badge">expiring soon</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={page} pages={pages} href={(p) => `?q=${encodeURIComponent(query)}&page=${p}`} />
    </section>
  );
}
