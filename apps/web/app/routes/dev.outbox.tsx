// /dev/outbox — a mail catcher for development: every SMS and email the capture adapters "sent"
// (no Twilio or SendGrid configured), newest first, with the email as the patient would see it.
// Signed-in staff only, and only their own clinic's messages; it doesn't exist in production.
import { data, redirect, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';

export const meta: MetaFunction = () => [
  { title: 'Dev outbox · ClinicPay' },
  { name: 'robots', content: 'noindex' },
];

export async function loader({ context }: LoaderFunctionArgs) {
  const outbox = await context.app.outbox();
  switch (outbox.kind) {
    case 'absent':
      throw data('Not found', { status: 404 });
    case 'sign_in':
      throw redirect(`/sign-in?${new URLSearchParams({ next: '/dev/outbox' })}`);
    case 'no_clinic':
      throw data('The outbox shows one clinic’s messages: sign in as a member of its staff.', {
        status: 403,
      });
    case 'outbox':
      return { messages: outbox.sent, waiting: outbox.waiting };
  }
}

/** Turns URLs in plain text into links (the SMS body's short link). */
function Linkified({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s]+)/g);
  return (
    <>
      {parts.map((part, i) =>
        /^https?:\/\//.test(part) ? (
          <a key={i} href={part}>
            {part}
          </a>
        ) : (
          <span key={i}>{part}</span>
        ),
      )}
    </>
  );
}

export default function Outbox() {
  const { messages, waiting } = useLoaderData<typeof loader>();
  return (
    <main className="content">
      <h1>Dev outbox</h1>
      <p className="muted">
        No SMS or email provider is configured, so your clinic’s messages are kept here instead of being sent.
        Set TWILIO_* and SENDGRID_* to send for real.
      </p>
      {waiting.length > 0 ? (
        <section aria-labelledby="waiting-title">
          <h2 id="waiting-title">Waiting to be sent</h2>
          <ul>
            {waiting.map((w) => (
              <li key={w.id}>
                {w.channel === 'sms' ? 'SMS' : 'Email'} to {w.recipient} —{' '}
                {w.status === 'scheduled' ? 'quiet hours: goes at ' : 'queued for '}
                <time dateTime={w.scheduledFor}>{new Date(w.scheduledFor).toLocaleString()}</time>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {messages.length === 0 ? <p className="empty">Nothing sent yet.</p> : null}
      <ol className="outbox">
        {messages.map((m) => (
          <li key={m.id} className="outbox-item">
            <p className="outbox-meta">
              <span className="badge">{m.channel === 'sms' ? 'SMS' : 'Email'}</span> to{' '}
              <strong>{m.recipient}</strong> ·{' '}
              <time dateTime={m.createdAt}>{new Date(m.createdAt).toLocaleString()}</time>
            </p>
            {m.subject ? <p className="outbox-subject">{m.subject}</p> : null}
            {m.channel === 'email' && m.html ? (
              <details>
                <summary>Plain text</summary>
                <pre className="outbox-body">
                  <Linkified text={m.body} />
                </pre>
              </details>
            ) : null}
            {m.channel === 'email' && m.html ? (
              <iframe
                title={`Email to ${m.recipient}`}
                className="outbox-html"
                sandbox="allow-popups allow-popups-to-escape-sandbox"
                srcDoc={m.html}
              />
            ) : (
              <p className="outbox-body">
                <Linkified text={m.body} />
              </p>
            )}
          </li>
        ))}
      </ol>
    </main>
  );
}
