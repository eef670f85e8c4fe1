// /dashboard/cards — cards on file expiring this month or next, who would get a card-update link and
// who is skipped (with the reason), and one button to send them all (admins).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { cardLabel } from '../components/card.ts';
import { MessageOutcomes } from '../components/message-outcomes.tsx';

export const meta: MetaFunction = () => [{ title: 'Expiring cards · ClinicPay' }];

export async function loader({ context }: LoaderFunctionArgs) {
  const organization = await context.app.caller.organization.get();
  const zone = { timeZone: organization.timeZone, locale: organization.locale };
  try {
    return { candidates: await context.app.caller.cards.previewExpiringScan(), forbidden: false, ...zone };
  } catch (error) {
    if (context.app.describeError(error).code === 'FORBIDDEN')
      return data({ candidates: [], forbidden: true, ...zone }, { status: 403 });
    throw error;
  }
}

export async function action({ context }: ActionFunctionArgs) {
  const done = await context.app.caller.cards.runExpiringScan();
  return { created: done.filter((c) => c.linkId), skipped: done.filter((c) => !c.linkId) };
}

export default function ExpiringCards() {
  const { candidates, forbidden, timeZone, locale } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const toSend = candidates.filter((c) => c.action === 'send');
  return (
    <section aria-labelledby="cards-title">
      <h1 id="cards-title">Cards expiring soon</h1>
      {forbidden ? <p className="error">Only clinic admins can send card-update requests in bulk.</p> : null}
      {result ? (
        <div className="notice" role="status">
          <p>
            {result.created.length} card-update link{result.created.length === 1 ? '' : 's'} created.
          </p>
          <ul className="plain">
            {result.created.map((c) => (
              <li key={c.patientId}>
                <Link to={`/dashboard/links/${c.linkId}`}>{c.patientName}</Link>
                <MessageOutcomes messages={c.messages} timeZone={timeZone} locale={locale} />
              </li>
            ))}
            {result.skipped.map((c) => (
              <li key={c.patientId}>
                {c.patientName}: skipped — {c.reason}
              </li>
            ))}
          </ul>
        </div>
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
