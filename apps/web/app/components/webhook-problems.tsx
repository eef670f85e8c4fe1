// The settings page's "Payment events that need attention": Stripe events that could not be
// applied (with our reason) or are still being retried, newest first. Empty is the normal state.
import { formatDateTime } from './format.ts';

export type WebhookProblem = {
  eventId: string;
  type: string;
  state: 'failed' | 'retrying' | 'unprocessed';
  reason: string | null;
  attempts: number;
  receivedAt: string;
};

const STATE_LABEL: Record<WebhookProblem['state'], string> = {
  failed: 'Failed — not retried',
  retrying: 'Being retried',
  unprocessed: 'Not processed yet',
};

export function WebhookProblems({
  items,
  timeZone,
  locale,
}: {
  items: WebhookProblem[];
  timeZone: string;
  locale: string;
}) {
  return (
    <>
      <h2 id="webhook-problems">Payment events that need attention</h2>
      {items.length === 0 ? (
        <p className="muted">None: every event from Stripe was applied.</p>
      ) : (
        <div className="table-wrap">
          <table aria-labelledby="webhook-problems">
            <thead>
              <tr>
                <th scope="col">Received</th>
                <th scope="col">Event</th>
                <th scope="col">State</th>
                <th scope="col">Reason</th>
                <th scope="col">Attempts</th>
              </tr>
            </thead>
            <tbody>
              {items.map((e) => (
                <tr key={e.eventId}>
                  <td>{formatDateTime(e.receivedAt, timeZone, locale)}</td>
                  <td>
                    {e.type}
                    <br />
                    <code className="muted">{e.eventId}</code>
                  </td>
                  <td>{STATE_LABEL[e.state]}</td>
                  <td>{e.reason ?? '—'}</td>
                  <td>{e.attempts}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
