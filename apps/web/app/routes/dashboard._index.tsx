// /dashboard — overview: the organization at a glance.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';

export async function loader({ context }: LoaderFunctionArgs) {
  const [organization, patients, providers] = await Promise.all([
    context.app.caller.organization.get(),
    context.app.caller.patients.list({ limit: 1 }),
    context.app.caller.organization.providers(),
  ]);
  return { organization, patientCount: patients.total, providerCount: providers.length };
}

export default function Overview() {
  const { organization, patientCount, providerCount } = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="overview-title">
      <h1 id="overview-title">{organization.name}</h1>
      <div className="stats">
        <div className="stat">
          <span className="stat-label">Patients</span>
          <span className="stat-value">{patientCount}</span>
        </div>
        <div className="stat">
          <span className="stat-label">Providers</span>
          <span className="stat-value">{providerCount}</span>
        </div>
        <div className="stat">
          <span className="stat-label">Time zone</span>
          <span className="stat-value small">{organization.timeZone}</span>
        </div>
      </div>
      <p>
        <Link to="/dashboard/patients">View patients</Link>
      </p>
    </section>
  );
}
