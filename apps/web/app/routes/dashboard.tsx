// /dashboard — the signed-in shell: navigation and the organization's name.
import { redirect, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { useEffect } from 'react';
import { Form, NavLink, Outlet, useLoaderData, useLocation } from '@remix-run/react';
import { TrpcProvider } from '../components/trpc-provider.tsx';
import { safeNext } from '../safe-next.ts';

export const meta: MetaFunction = () => [{ title: 'Dashboard · ClinicPay' }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  if (!context.app.signedIn) {
    const url = new URL(request.url);
    const hadCookie = (request.headers.get('cookie') ?? '').includes('cp_session=');
    const params = new URLSearchParams({
      next: safeNext(url.pathname + url.search, context.app.publicBaseUrl),
    });
    if (hadCookie) params.set('expired', '1');
    throw redirect(`/sign-in?${params}`);
  }
  const [me, unread] = await Promise.all([
    context.app.caller.auth.me(),
    // A count that can't be read is no reason to fail the page, but a refusal is: the clinic's
    // allowlist does not include this network, and every page would say so (root ErrorBoundary).
    context.app.caller.notifications.unreadCount().catch((error: unknown) => {
      if (context.app.describeError(error).code === 'FORBIDDEN') throw error;
      return 0;
    }),
  ]);
  return { user: me.user, organization: me.organization, unread };
}

const NAV = [
  { to: '/dashboard', label: 'Overview', end: true },
  { to: '/dashboard/links/new', label: 'New link', end: true },
  { to: '/dashboard/links', label: 'Links', end: true },
  { to: '/dashboard/bulk', label: 'Bulk send', end: false },
  { to: '/dashboard/patients', label: 'Patients', end: false },
  { to: '/dashboard/cards', label: 'Expiring cards', end: false },
  { to: '/dashboard/payments', label: 'Payments', end: false },
  { to: '/dashboard/analytics', label: 'Analytics', end: false },
  { to: '/dashboard/notifications', label: 'Notifications', end: false },
  { to: '/dashboard/templates', label: 'Templates', end: false, admin: true },
  { to: '/dashboard/settings', label: 'Settings', end: false, admin: true },
  { to: '/dashboard/staff', label: 'Staff', end: false, admin: true },
];

export default function DashboardLayout() {
  const { user, organization, unread } = useLoaderData<typeof loader>();
  // Settings, templates and staff are for admins; others would only find a refusal there.
  const isAdmin = user?.role === 'ADMIN' || user?.role === 'SUPER_ADMIN';
  const location = useLocation();
  // On a phone the navigation scrolls sideways: keep the current page's item in view.
  useEffect(() => {
    document.querySelector('.topbar nav a.active')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [location.pathname]);
  return (
    <div className="shell">
      <header className="topbar">
        {/* First thing to tab to; inside the banner so that no content sits outside a landmark. */}
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        <div className="brand">
          <strong>ClinicPay</strong>
          <span className="muted">{organization?.name ?? 'Platform'}</span>
        </div>
        <nav aria-label="Main">
          <ul>
            {NAV.filter((item) => !item.admin || isAdmin).map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.end}>
                  {item.label}
                  {item.to === '/dashboard/notifications' && unread > 0 ? (
                    <span className="count" aria-label={`${unread} unread`}>
                      {unread}
                    </span>
                  ) : null}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="account">
          <span className="muted" title={user?.email}>
            {user?.name} · {user?.role}
          </span>
          <Form method="post" action="/sign-out">
            <button type="submit" className="link-button">
              Sign out
            </button>
          </Form>
        </div>
      </header>
      <main id="main" className="content">
        <TrpcProvider>
          <Outlet />
        </TrpcProvider>
      </main>
    </div>
  );
}
