// /dashboard — the signed-in shell: navigation and the organization's name.
import { redirect, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, NavLink, Outlet, useLoaderData } from '@remix-run/react';
import { TrpcProvider } from '../components/trpc-provider.tsx';

export const meta: MetaFunction = () => [{ title: 'Dashboard · ClinicPay' }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  if (!context.app.signedIn) {
    const url = new URL(request.url);
    const hadCookie = (request.headers.get('cookie') ?? '').includes('cp_session=');
    const params = new URLSearchParams({ next: url.pathname + url.search });
    if (hadCookie) params.set('expired', '1');
    throw redirect(`/sign-in?${params}`);
  }
  const me = await context.app.caller.auth.me();
  return { user: me.user, organization: me.organization };
}

const NAV = [
  { to: '/dashboard', label: 'Overview', end: true },
  { to: '/dashboard/links/new', label: 'New link', end: true },
  { to: '/dashboard/links', label: 'Links', end: true },
  { to: '/dashboard/patients', label: 'Patients', end: false },
  { to: '/dashboard/analytics', label: 'Analytics', end: false },
];

export default function DashboardLayout() {
  const { user, organization } = useLoaderData<typeof loader>();
  return (
    <div className="shell">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="topbar">
        <div className="brand">
          <strong>ClinicPay</strong>
          <span className="muted">{organization?.name ?? 'Platform'}</span>
        </div>
        <nav aria-label="Main">
          <ul>
            {NAV.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.end}>
                  {item.label}
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
