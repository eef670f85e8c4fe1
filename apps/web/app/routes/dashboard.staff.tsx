// /dashboard/staff (admins) — the clinic's staff accounts: invite someone by email (they choose
// their own password from a link valid 7 days), change a role, disable or enable an account (a
// disabled user is signed out at once), send an invitation again.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { formatDateTime } from '../components/format.ts';
import { FieldError } from '../components/field-error.tsx';
import { useSignedInUser } from '../components/signed-in-user.ts';

export const meta: MetaFunction = () => [{ title: 'Staff · ClinicPay' }];

const ROLES = [
  { value: 'ADMIN', label: 'Admin', help: 'everything, including settings, staff and API keys' },
  {
    value: 'PROVIDER',
    label: 'Provider',
    help: 'links, patients and analytics; told when their links are paid',
  },
  { value: 'BILLING', label: 'Billing', help: 'links, patients and analytics' },
] as const;
const STATUS_LABEL = { invited: 'Invited', active: 'Active', disabled: 'Disabled' } as const;
const STATUS_CLASS = {
  invited: 'status-refunded',
  active: 'status-completed',
  disabled: 'status-cancelled',
} as const;

export async function loader({ context }: LoaderFunctionArgs) {
  try {
    const [users, organization] = await Promise.all([
      context.app.caller.users.list(),
      context.app.caller.organization.get(),
    ]);
    return {
      users,
      timeZone: organization.timeZone,
      locale: organization.locale,
      forbidden: false,
    };
  } catch (error) {
    if (context.app.describeError(error).code !== 'FORBIDDEN') throw error;
    return data({ users: [], timeZone: 'UTC', locale: 'en-US', forbidden: true }, { status: 403 });
  }
}

type Result = {
  ok: boolean;
  message: string;
  errors: Record<string, string>;
  inviteUrl?: string;
  values?: { name: string; email: string; role: string };
};

export async function action({ context, request }: ActionFunctionArgs) {
  const form = await request.formData();
  const text = (name: string) => String(form.get(name) ?? '').slice(0, 300);
  const intent = text('intent');
  const values = { name: text('name'), email: text('email'), role: text('role') };
  try {
    if (intent === 'invite') {
      const invited = await context.app.caller.users.invite(values);
      return {
        ok: true,
        message: invited.emailed
          ? `Invitation emailed to ${invited.user.email}. The link works for 7 days.`
          : `The invitation email could not be sent just now. Give ${invited.user.email} this link (it works for 7 days):`,
        errors: {},
        inviteUrl: invited.emailed ? undefined : invited.inviteUrl,
      } as Result;
    }
    if (intent === 'resend') {
      const invited = await context.app.caller.users.resendInvite({ id: text('id') });
      return {
        ok: true,
        message: invited.emailed
          ? `A new invitation was emailed to ${invited.user.email}; the old link no longer works.`
          : `The email could not be sent just now. Give ${invited.user.email} this link:`,
        errors: {},
        inviteUrl: invited.emailed ? undefined : invited.inviteUrl,
      } as Result;
    }
    if (intent === 'role') {
      const user = await context.app.caller.users.update({ id: text('id'), role: text('role') });
      return { ok: true, message: `${user.name} is now ${roleLabel(user.role)}.`, errors: {} } as Result;
    }
    if (intent === 'disable' || intent === 'enable') {
      const user = await context.app.caller.users.update({ id: text('id'), disabled: intent === 'disable' });
      return {
        ok: true,
        message: user.disabled
          ? `${user.name} is disabled and signed out.`
          : `${user.name} can sign in again.`,
        errors: {},
      } as Result;
    }
    return data({ ok: false, message: 'Unknown action.', errors: {} } as Result, { status: 400 });
  } catch (error) {
    const described = context.app.describeError(error);
    const errors = Object.fromEntries(described.fieldErrors.map((e) => [e.field, e.message]));
    const status = described.code === 'VALIDATION' ? 422 : described.code === 'FORBIDDEN' ? 403 : 409;
    return data(
      {
        ok: false,
        message: described.fieldErrors.length ? 'Please fix the fields below.' : described.message,
        errors,
        values,
      } as Result,
      { status },
    );
  }
}

function roleLabel(role: string): string {
  return ROLES.find((r) => r.value === role)?.label ?? role;
}

export default function Staff() {
  const { users, timeZone, locale, forbidden } = useLoaderData<typeof loader>();
  const meId = useSignedInUser()?.id ?? null;
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting';
  if (forbidden)
    return (
      <section aria-labelledby="staff-title">
        <h1 id="staff-title">Staff</h1>
        <p className="empty">Only clinic admins can manage staff accounts.</p>
      </section>
    );
  const errors = result?.errors ?? {};
  const invalid = (field: string) =>
    errors[field] ? { 'aria-invalid': true as const, 'aria-describedby': `invite-${field}-error` } : {};
  return (
    <section aria-labelledby="staff-title">
      <h1 id="staff-title">Staff</h1>
      {result ? (
        <div className={result.ok ? 'notice' : 'error'} role="status">
          <p>{result.message}</p>
          {result.inviteUrl ? (
            <p>
              <code className="secret">{result.inviteUrl}</code>
            </p>
          ) : null}
        </div>
      ) : null}
      <div className="table-wrap">
        <table className="staff-table">
          <caption className="visually-hidden">Staff accounts</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Last sign-in</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => {
              const self = u.id === meId;
              return (
                <tr key={u.id}>
                  <td>
                    {u.name}
                    {self ? <span className="muted"> (you)</span> : null}
                    <br />
                    <span className="muted">{u.email}</span>
                  </td>
                  <td>
                    {self ? (
                      roleLabel(u.role)
                    ) : (
                      <Form method="post" className="row-actions">
                        <input type="hidden" name="id" value={u.id} />
                        <label>
                          <span className="visually-hidden">Role of {u.name}</span>
                          <select name="role" defaultValue={u.role}>
                            {ROLES.map((r) => (
                              <option key={r.value} value={r.value}>
                                {r.label}
                              </option>
                            ))}
                          </select>
                        </label>
                        <button type="submit" name="intent" value="role" className="link-button">
                          Change role
                        </button>
                      </Form>
                    )}
                  </td>
                  <td>
                    <span className={`status ${STATUS_CLASS[u.status]}`}>{STATUS_LABEL[u.status]}</span>
                    {u.status === 'invited' && u.inviteExpiresAt ? (
                      <>
                        <br />
                        <span className="muted">
                          link until {formatDateTime(u.inviteExpiresAt, timeZone, locale)}
                        </span>
                      </>
                    ) : null}
                  </td>
                  <td>{u.lastLoginAt ? formatDateTime(u.lastLoginAt, timeZone, locale) : '—'}</td>
                  <td>
                    {self ? null : (
                      <Form method="post" className="row-actions">
                        <input type="hidden" name="id" value={u.id} />
                        {u.status === 'invited' ? (
                          <button type="submit" name="intent" value="resend" className="link-button">
                            Resend invite
                          </button>
                        ) : null}
                        <button
                          type="submit"
                          name="intent"
                          value={u.status === 'disabled' ? 'enable' : 'disable'}
                          className="link-button"
                        >
                          {u.status === 'disabled' ? 'Enable' : 'Disable'}
                        </button>
                      </Form>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      <h2 id="invite-title">Invite someone</h2>
      <Form
        method="post"
        className="generator"
        aria-labelledby="invite-title"
        noValidate
        key={result?.ok ? result.message : 'invite'}
      >
        <label>
          Name
          <input
            name="name"
            type="text"
            autoComplete="off"
            defaultValue={result?.ok ? '' : (result?.values?.name ?? '')}
            {...invalid('name')}
          />
          <FieldError id="invite-name-error" message={errors.name} />
        </label>
        <label>
          Email
          <input
            name="email"
            type="email"
            autoComplete="off"
            defaultValue={result?.ok ? '' : (result?.values?.email ?? '')}
            {...invalid('email')}
          />
          <FieldError id="invite-email-error" message={errors.email} />
        </label>
        <fieldset {...invalid('role')}>
          <legend>Role</legend>
          {ROLES.map((r) => (
            <label key={r.value} className="check">
              <input
                type="radio"
                name="role"
                value={r.value}
                defaultChecked={(result?.ok ? 'BILLING' : (result?.values?.role ?? 'BILLING')) === r.value}
              />
              <span>
                {r.label} <span className="role-help">— {r.help}</span>
              </span>
            </label>
          ))}
          <FieldError id="invite-role-error" message={errors.role} />
        </fieldset>
        <button type="submit" name="intent" value="invite" className="primary" disabled={busy}>
          {busy ? 'Sending…' : 'Send invitation'}
        </button>
      </Form>
    </section>
  );
}
