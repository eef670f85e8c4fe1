// /dashboard/notifications — what happened to your links: paid, expired, a message that failed, a
// patient asking for a new link. Newest first; "mark all read" clears the count in the menu.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useNavigation } from '@remix-run/react';
import { formatDateTime } from '../components/format.ts';

export const meta: MetaFunction = () => [{ title: 'Notifications · ClinicPay' }];

export async function loader({ context }: LoaderFunctionArgs) {
  const [list, organization] = await Promise.all([
    context.app.caller.notifications.list(),
    context.app.caller.organization.get(),
  ]);
  return { ...list, timeZone: organization.timeZone, locale: organization.locale };
}

export async function action({ context }: ActionFunctionArgs) {
  return context.app.caller.notifications.markAllRead();
}

export default function Notifications() {
  const { items, unread, timeZone, locale } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  return (
    <section aria-labelledby="notifications-title">
      <h1 id="notifications-title">Notifications</h1>
      {unread > 0 ? (
        <Form method="post">
          <button type="submit" disabled={navigation.state === 'submitting'}>
            Mark all {unread} as read
          </button>
        </Form>
      ) : null}
      {items.length === 0 ? (
        <p className="empty">
          Nothing yet. You will hear here when a link is paid, expires or can't be delivered.
        </p>
      ) : (
        <ul className="notifications">
          {items.map((n) => (
            <li key={n.id} className={n.read ? 'read' : 'unread'}>
              <div>
                <strong>{n.title}</strong>
                {n.read ? null : <span className="badge">new</span>}
              </div>
              {n.body ? <p>{n.body}</p> : null}
              <p className="muted">
                <time dateTime={n.createdAt}>{formatDateTime(n.createdAt, timeZone, locale)}</time>
                {n.linkId ? (
                  <>
                    {' · '}
                    <Link to={`/dashboard/links/${n.linkId}`}>View the link</Link>
                  </>
                ) : null}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
