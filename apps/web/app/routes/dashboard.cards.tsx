// /dashboard/cards — cards on file expiring this month or next, who would get a card-update link and
// who is skipped (with the reason), and one button to send them all (admins).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { cardLabel } from '../components/card.ts';

export const meta: MetaFunction = () => [{ title: 'Expiring cards · ClinicPay' }];

export async function loader({ context }: LoaderFunctionArgs) {
  try {
    return { candidates: await context.app.caller.cards.previewExpiringScan(), forbidden: false };
  } catch (error) {
    if (context.app.describeError(error).code === 'FORBIDDEN')
      return data({ candidates: [], forbidden: true }, { status: 403 });
    throw error;
  }
}

export async function action({ context }: ActionFunctionArgs) {
  const done = await context.app.caller.cards.runExpiringScan();
  return { sent: done.filter((c) => c.action === 'send').length };
}

export default function ExpiringCards() {
  const { candidates, forbidden } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const toSend = candidates.filter((c) => c.action === 'send');
  return (
    <section aria-labelledby="cards-title">
      <h1 id="cards-title">Cards expiring soon</h1>
      {forbidden ? <p className="error">Only clinic admins can send card-update requests in bulk.</p> : null}
      {result ? (
        <p className="notice" role="status">
          {result.sent} card-update link{result.sent === 1 ? '' : 's'} sent.
        </p>
      ) : null}
      {candidates.length === 0 && !forbidden ? (
        <p className="empty">No card on file expires this month or next.</p>
      ) : null}
      {candidates.length > 0 ? (
        <>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Patient</th>
                  <th scope="col">Card</th>
                  <th scope="col">What happens</th>
                </tr>
              </thead>
              <tbody>
                {candidates.map((c) => (
                  <tr key={c.patientId}>
                    <td>
                      <Link to={`/dashboard/patients/${c.patientId}`}>{c.patientName}</Link>
                    </td>
                    <td>
                      {c.card.last4 && c.card.expMonth && c.card.expYear
                        ? cardLabel({
                            brand: c.card.brand,
                            last4: c.card.last4,
                            expMonth: c.card.expMonth,
                            expYear: c.card.expYear,
                          })
                        : '—'}
                    </td>
                    <td>
                      {c.action === 'send' ? `Send by ${c.channels.join(' and ')}` : `Skip: ${c.reason}`}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {toSend.length > 0 ? (
            <Form method="post">
              <button type="submit" className="primary" disabled={navigation.state === 'submitting'}>
                Request {toSend.length} card update{toSend.length === 1 ? '' : 's'}
              </button>
            </Form>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
