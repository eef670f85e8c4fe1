// /dashboard/links/:id — one link: status, amounts, items, patient, what was sent, the analytics
// (clicks by day, unique visitors, devices) and the timeline; cancel and resend.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import {
  formatDateTime,
  formatDuration,
  formatMoney,
  formatPercent,
  formatWhen,
} from '../components/format.ts';
import { anyRefused, MessageOutcomes } from '../components/message-outcomes.tsx';
import { BarChart, everyDay } from '../components/bar-chart.tsx';
import { StatusBadge } from '../components/links-table.tsx';
import { Stat } from '../components/stat.tsx';

export const meta: MetaFunction = () => [{ title: 'Link · ClinicPay' }];

export async function loader({ context, params }: LoaderFunctionArgs) {
  const id = String(params.id);
  try {
    const [link, analytics, organization] = await Promise.all([
      context.app.caller.links.get({ id }),
      context.app.caller.analytics.link({ linkId: id }),
      context.app.caller.organization.get(),
    ]);
    return { link, analytics, timeZone: organization.timeZone, locale: organization.locale };
  } catch (error) {
    const described = context.app.describeError(error);
    if (described.code === 'NOT_FOUND') throw new Response('Link not found', { status: 404 });
    throw error;
  }
}

export async function action({ context, params, request }: ActionFunctionArgs) {
  const form = await request.formData();
  const id = String(params.id);
  try {
    if (form.get('intent') === 'cancel') {
      await context.app.caller.links.cancel({ id });
      return {
        ok: true,
        message: 'The link is cancelled: the patient can no longer pay with it.',
        messages: [],
      };
    }
    if (form.get('intent') === 'resend') {
      const channels = form
        .getAll('channel')
        .filter((c): c is 'email' | 'sms' => c === 'email' || c === 'sms');
      if (channels.length === 0)
        return data({ ok: false, message: 'Choose email, SMS or both.', messages: [] }, { status: 422 });
      const result = await context.app.caller.messaging.send({ linkId: id, channels });
      // What the server decided for each message, said as it is: going, held, or refused and why.
      return { ok: !anyRefused(result.messages), message: '', messages: result.messages };
    }
    return data({ ok: false, message: 'Unknown action.', messages: [] }, { status: 400 });
  } catch (error) {
    const described = context.app.describeError(error);
    return data(
      { ok: false, message: described.message, messages: [] },
      { status: described.code === 'CONFLICT' ? 409 : 422 },
    );
  }
}

const EVENT_LABEL: Record<string, string> = {
  created: 'Created',
  sent: 'Sent',
  delivered: 'Delivered',
  undelivered: 'Not delivered',
  message_failed: 'Message failed',
  message_refused: 'Message refused',
  message_scheduled: 'Message scheduled (quiet hours)',
  message_delivered: 'Delivered',
  click: 'Opened',
  bot_click: 'Opened by a link preview or scanner',
  session_renewed: 'Payment page renewed',
  payment_failed: 'Payment failed',
  paid: 'Paid',
  card_saved: 'Card saved',
  refunded: 'Refunded',
  expired: 'Expired',
  cancelled: 'Cancelled',
};

export default function LinkDetail() {
  const { link, analytics, timeZone, locale } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting';
  const human = analytics.timeline.filter((e) => e.type !== 'bot_click');
  return (
    <section aria-labelledby="link-title">
      <p>
        <Link to="/dashboard/links">← All links</Link>
      </p>
      <h1 id="link-title">
        {link.type === 'CHECKOUT' ? 'Payment link' : 'Card-update link'} ·{' '}
        <StatusBadge status={link.status} type={link.type} />
      </h1>
      {result ? (
        <div className={result.ok ? 'notice' : 'error'} role="status">
          {result.message}
          <MessageOutcomes messages={result.messages} timeZone={timeZone} locale={locale} />
        </div>
      ) : null}
      <div className="stats">
        <Stat label="Amount" value={formatMoney(link.amount, link.currency, locale)} />
        <Stat
          label="Opened"
          value={analytics.clicks}
          note={`${analytics.uniqueClicks} visitor${analytics.uniqueClicks === 1 ? '' : 's'}`}
        />
        <Stat label="Conversion" value={formatPercent(analytics.conversionRate, locale)} />
        <Stat
          label="Time to pay"
          value={formatDuration(analytics.averageTimeToPayment)}
          note="from first open"
          small
        />
      </div>
      <div className="columns">
        <div>
          <h2>Details</h2>
          <dl className="details">
            <dt>Patient</dt>
            <dd>{link.patient?.name ?? '—'}</dd>
            <dt>Short link</dt>
            <dd>
              <code>{link.shortUrl}</code>
            </dd>
            <dt>Created</dt>
            <dd>{formatDateTime(link.createdAt, timeZone, locale)}</dd>
            <dt>Expires</dt>
            <dd>{formatDateTime(link.expiresAt, timeZone, locale)}</dd>
            {link.description ? (
              <>
                <dt>Description</dt>
                <dd>{link.description}</dd>
              </>
            ) : null}
          </dl>
          {link.items.length > 0 ? (
            <table className="items">
              <caption className="visually-hidden">Line items</caption>
              <thead>
                <tr>
                  <th scope="col">Item</th>
                  <th scope="col">Qty</th>
                  <th scope="col">Price</th>
                </tr>
              </thead>
              <tbody>
                {link.items.map((item, i) => (
                  <tr key={i}>
                    <td>{item.name}</td>
                    <td className="num">{item.quantity}</td>
                    <td className="num">{formatMoney(item.price, link.currency, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {link.status === 'ACTIVE' ? (
            <div className="actions">
              <Form method="post" className="inline-form">
                <fieldset>
                  <legend>Send again</legend>
                  <label>
                    <input type="checkbox" name="channel" value="email" defaultChecked /> Email
                  </label>
                  <label>
                    <input type="checkbox" name="channel" value="sms" /> SMS
                  </label>
                  <button type="submit" name="intent" value="resend" disabled={busy}>
                    Resend
                  </button>
                </fieldset>
              </Form>
              <Form method="post">
                <button type="submit" name="intent" value="cancel" className="danger" disabled={busy}>
                  Cancel link
                </button>
              </Form>
            </div>
          ) : null}
        </div>
        <div>
          <h2>Opens by day</h2>
          {analytics.clicksByDay.length === 0 ? (
            <p className="empty">Not opened yet.</p>
          ) : (
            <BarChart
              label="Opens by day"
              height={160}
              series={[{ key: 'count', label: 'Opens', tone: 'brand' }]}
              rows={everyDay(
                analytics.clicksByDay[0]!.date,
                analytics.clicksByDay.at(-1)!.date,
                analytics.clicksByDay,
                { count: 0 },
              )}
            />
          )}
          <h2>Devices</h2>
          {Object.keys(analytics.devices).length === 0 ? (
            <p className="muted">—</p>
          ) : (
            <ul className="plain">
              {Object.entries(analytics.devices).map(([device, count]) => (
                <li key={device}>
                  {device}: {count}
                </li>
              ))}
            </ul>
          )}
          {analytics.botClicks > 0 ? (
            <p className="muted">
              {analytics.botClicks} open{analytics.botClicks === 1 ? '' : 's'} by link previews and scanners
              not counted.
            </p>
          ) : null}
        </div>
      </div>
      <h2>Timeline</h2>
      <ol className="timeline">
        {human.map((e, i) => (
          <li key={i}>
            <time dateTime={e.at}>{formatDateTime(e.at, timeZone, locale)}</time>{' '}
            <span>{EVENT_LABEL[e.type] ?? e.type.replace(/_/g, ' ')}</span>
            {typeof e.data.channel === 'string' ? <span className="muted"> · {e.data.channel}</span> : null}
            {typeof e.data.reason === 'string' ? <span> — {e.data.reason}</span> : null}
            {e.type === 'message_scheduled' && typeof e.data.for === 'string' ? (
              <span> — goes {formatWhen(e.data.for, timeZone, locale)}</span>
            ) : null}
            {typeof e.data.device === 'string' ? <span className="muted"> · {e.data.device}</span> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
