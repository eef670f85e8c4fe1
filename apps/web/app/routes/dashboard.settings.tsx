// /dashboard/settings (admins) — the clinic's profile (name, contact shown to patients, time zone,
// short-link address), messaging rules (sending hours, weekly contact cap, description in email),
// the expiring-card automation, API keys (shown once when created; revocable; each with the
// addresses it may be used from), network access (where staff may use the dashboard from, and the
// request budgets in force), and the Stripe events that could not be applied.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { FieldError } from '../components/field-error.tsx';
import { formatDateTime } from '../components/format.ts';
import { WebhookProblems } from '../components/webhook-problems.tsx';

export const meta: MetaFunction = () => [{ title: 'Settings · ClinicPay' }];

export async function loader({ context }: LoaderFunctionArgs) {
  try {
    const [organization, settings, keys, events, access] = await Promise.all([
      context.app.caller.organization.get(),
      context.app.caller.organization.settings(),
      context.app.caller.apiKeys.list(),
      context.app.caller.webhookEvents.problems({ limit: 20 }),
      context.app.caller.access.get(),
    ]);
    return { organization, settings, keys, webhookProblems: events.items, access, forbidden: false };
  } catch (error) {
    if (context.app.describeError(error).code !== 'FORBIDDEN') throw error;
    return data(
      { organization: null, settings: null, keys: [], webhookProblems: [], access: null, forbidden: true },
      { status: 403 },
    );
  }
}

type Result = { ok: boolean; message: string; errors: Record<string, string>; plaintext?: string };

/** An allowlist as typed: one address or CIDR range per line (commas and spaces also separate). */
function rangesOf(text: string): string[] {
  return text.split(/[\s,]+/).filter((entry) => entry !== '');
}

/** The allowlist forms' errors (`ranges`, `ranges[2]`) under the one textarea they came from. */
function allowlistErrors(fieldErrors: Array<{ field: string; message: string }>, name: string) {
  const messages = fieldErrors.filter((e) => e.field.startsWith('ranges')).map((e) => e.message);
  return messages.length > 0 ? { [name]: messages.join('; ') } : {};
}

export async function action({ context, request }: ActionFunctionArgs) {
  const form = await request.formData();
  const text = (name: string) => String(form.get(name) ?? '');
  try {
    if (form.get('intent') === 'create-key') {
      const created = await context.app.caller.apiKeys.create({ name: text('keyName') || 'API key' });
      return {
        ok: true,
        message: 'API key created. Copy it now: it is not shown again.',
        errors: {},
        plaintext: created.plaintext,
      } as Result;
    }
    if (form.get('intent') === 'revoke-key') {
      await context.app.caller.apiKeys.revoke({ id: text('keyId') });
      return { ok: true, message: 'API key revoked.', errors: {} } as Result;
    }
    if (form.get('intent') === 'dashboard-allowlist') {
      const saved = await context.app.caller.access.setDashboardAllowlist({
        ranges: rangesOf(text('dashboardRanges')),
      });
      return {
        ok: true,
        message:
          saved.dashboard.length > 0
            ? `Dashboard access saved: staff may use it only from ${saved.dashboard.join(', ')}.`
            : 'Dashboard access saved: staff may use it from anywhere.',
        errors: {},
      } as Result;
    }
    if (form.get('intent') === 'key-allowlist') {
      const saved = await context.app.caller.access.setApiKeyAllowlist({
        apiKeyId: text('keyId'),
        ranges: rangesOf(text('keyRanges')),
      });
      return {
        ok: true,
        message:
          saved.ranges.length > 0
            ? `API key restricted to ${saved.ranges.join(', ')}.`
            : 'API key may be used from anywhere.',
        errors: {},
      } as Result;
    }
    await context.app.caller.organization.update({
      name: text('name'),
      contactPhone: text('contactPhone') || null,
      contactEmail: text('contactEmail') || null,
      timeZone: text('timeZone'),
      shortLinkBaseUrl: text('shortLinkBaseUrl') || null,
      quietHoursStart: Number(text('quietHoursStart')),
      quietHoursEnd: Number(text('quietHoursEnd')),
      contactCapPerWeek: Number(text('contactCapPerWeek')),
      allowDescriptionInEmail: form.get('allowDescriptionInEmail') === 'on',
      expiringCardAutomation: form.get('expiringCardAutomation') === 'on',
      expiringCardLeadDays: Number(text('expiringCardLeadDays')),
    });
    return { ok: true, message: 'Settings saved.', errors: {} } as Result;
  } catch (error) {
    const described = context.app.describeError(error);
    const errors: Record<string, string> = {};
    for (const e of described.fieldErrors) errors[e.field] ??= e.message;
    const intent = form.get('intent');
    if (intent === 'dashboard-allowlist')
      Object.assign(errors, allowlistErrors(described.fieldErrors, 'dashboardRanges'));
    if (intent === 'key-allowlist')
      Object.assign(errors, allowlistErrors(described.fieldErrors, `keyRanges:${text('keyId')}`));
    if (described.fieldErrors.length === 0)
      return data({ ok: false, message: described.message, errors } as Result, {
        status: described.code === 'NOT_FOUND' ? 404 : 422,
      });
    return data(
      { ok: false, message: 'Nothing was saved: check the fields marked below.', errors } as Result,
      { status: 422 },
    );
  }
}

function Field({
  name,
  label,
  defaultValue,
  errors,
  type = 'text',
  hint,
}: {
  name: string;
  label: string;
  defaultValue: string | number | null;
  errors: Record<string, string>;
  type?: string;
  hint?: string;
}) {
  const error = errors[name];
  return (
    <label>
      {label}
      <input
        type={type}
        name={name}
        defaultValue={defaultValue ?? ''}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${name}-error` : hint ? `${name}-hint` : undefined}
      />
      {hint ? (
        <span id={`${name}-hint`} className="muted">
          {hint}
        </span>
      ) : null}
      {error ? (
        <span id={`${name}-error`} className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </label>
  );
}

function AllowlistField({
  name,
  label,
  ranges,
  errors,
}: {
  name: string;
  label: string;
  ranges: string[];
  errors: Record<string, string>;
}) {
  const error = errors[name];
  const id = name.replace(/[^a-z0-9-]/gi, '-');
  return (
    <label>
      {label}
      <textarea
        name={name.split(':')[0]}
        rows={3}
        defaultValue={ranges.join('\n')}
        spellCheck={false}
        autoCapitalize="off"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      <FieldError id={`${id}-error`} message={error} />
    </label>
  );
}

/** One key's allowlist: "anywhere" or its ranges, and a form to change them. */
function KeyAllowlist({
  keyId,
  keyName,
  revoked,
  ranges,
  errors,
}: {
  keyId: string;
  keyName: string;
  revoked: boolean;
  ranges: string[];
  errors: Record<string, string>;
}) {
  const summary = ranges.length > 0 ? ranges.join(', ') : 'Anywhere';
  if (revoked) return <span className="muted">{summary}</span>;
  const name = `keyRanges:${keyId}`;
  return (
    <details open={errors[name] ? true : undefined}>
      <summary>
        {summary}
        <span className="visually-hidden"> (change where {keyName} may be used from)</span>
      </summary>
      <Form method="post">
        <input type="hidden" name="keyId" value={keyId} />
        <AllowlistField name={name} label="Addresses, one per line" ranges={ranges} errors={errors} />
        <button type="submit" name="intent" value="key-allowlist" className="link-button">
          Save for {keyName}
        </button>
      </Form>
    </details>
  );
}

export default function Settings() {
  const { organization, settings, keys, webhookProblems, access, forbidden } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  const navigation = useNavigation();
  const errors = result?.errors ?? {};
  const count = (n: number) => n.toLocaleString(organization?.locale ?? 'en-US');
  if (forbidden || !organization || !settings || !access)
    return (
      <section aria-labelledby="settings-title">
        <h1 id="settings-title">Settings</h1>
        <p className="error">Only clinic admins can change settings.</p>
      </section>
    );
  return (
    <section aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      {result ? (
        <p className={result.ok ? 'notice' : 'error'} role="status">
          {result.message}
          {result.plaintext ? (
            <>
              {' '}
              <code className="secret">{result.plaintext}</code>
            </>
          ) : null}
        </p>
      ) : null}
      <Form method="post" className="generator">
        <fieldset>
          <legend>Clinic</legend>
          <Field name="name" label="Name" defaultValue={organization.name} errors={errors} />
          <Field
            name="contactPhone"
            label="Phone shown to patients"
            defaultValue={organization.contactPhone}
            errors={errors}
          />
          <Field
            name="contactEmail"
            label="Email shown to patients"
            defaultValue={organization.contactEmail}
            errors={errors}
          />
          <Field
            name="timeZone"
            label="Time zone"
            defaultValue={organization.timeZone}
            errors={errors}
            hint="e.g. America/Chicago"
          />
          <Field
            name="shortLinkBaseUrl"
            label="Short-link address"
            defaultValue={organization.shortLinkBaseUrl}
            errors={errors}
            hint="Your own https:// domain for short links; empty uses this server's."
          />
        </fieldset>
        <fieldset>
          <legend>Messages</legend>
          <div className="pair">
            <Field
              name="quietHoursStart"
              label="Texts from (hour)"
              type="number"
              defaultValue={settings.quietHoursStart}
              errors={errors}
            />
            <Field
              name="quietHoursEnd"
              label="until (hour)"
              type="number"
              defaultValue={settings.quietHoursEnd}
              errors={errors}
            />
          </div>
          <Field
            name="contactCapPerWeek"
            label="Messages per patient per week, at most"
            type="number"
            defaultValue={settings.contactCapPerWeek}
            errors={errors}
          />
          <label className="check">
            <input
              type="checkbox"
              name="allowDescriptionInEmail"
              defaultChecked={settings.allowDescriptionInEmail}
            />{' '}
            Include the link's description in emails (never in texts)
          </label>
        </fieldset>
        <fieldset>
          <legend>Expiring cards</legend>
          <label className="check">
            <input
              type="checkbox"
              name="expiringCardAutomation"
              defaultChecked={settings.expiringCardAutomation}
            />{' '}
            Send card-update links automatically when a card on file is about to expire
          </label>
          <Field
            name="expiringCardLeadDays"
            label="Days before expiry"
            type="number"
            defaultValue={settings.expiringCardLeadDays}
            errors={errors}
          />
        </fieldset>
        <div>
          <button
            type="submit"
            name="intent"
            value="save"
            className="primary"
            disabled={navigation.state === 'submitting'}
          >
            Save settings
          </button>
        </div>
      </Form>

      <h2>API keys</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Key</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">Allowed from</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.id}>
                <td>{k.name}</td>
                <td>
                  <code>{k.prefix}</code>
                </td>
                <td>{formatDateTime(k.createdAt, organization.timeZone, organization.locale)}</td>
                <td>{formatDateTime(k.lastUsedAt, organization.timeZone, organization.locale)}</td>
                <td>
                  <KeyAllowlist
                    keyId={k.id}
                    keyName={k.name}
                    revoked={k.revokedAt !== null}
                    ranges={access.apiKeys.find((a) => a.apiKeyId === k.id)?.ranges ?? []}
                    errors={errors}
                  />
                </td>
                <td>
                  {k.revokedAt ? (
                    <span className="muted">revoked</span>
                  ) : (
                    <Form method="post">
                      <input type="hidden" name="keyId" value={k.id} />
                      <button type="submit" name="intent" value="revoke-key" className="link-button">
                        Revoke {k.name}
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Form method="post" className="filters">
        <label>
          New key name
          <input type="text" name="keyName" maxLength={100} />
        </label>
        <button type="submit" name="intent" value="create-key">
          Create API key
        </button>
      </Form>

      <h2 id="network-access">Network access</h2>
      <p>
        You are connecting from <code>{access.yourAddress ?? 'an unknown address'}</code>.
      </p>
      <Form method="post" className="generator" aria-labelledby="network-access">
        <fieldset>
          <legend>Dashboard</legend>
          <p className="muted">
            Leave empty to let staff use the dashboard from anywhere. Otherwise list your clinic's networks,
            one per line: an address (203.0.113.7) or a range (203.0.113.0/24, 2001:db8::/48). The list must
            include your own address.
          </p>
          <AllowlistField
            name="dashboardRanges"
            label="Staff may use the dashboard from"
            ranges={access.dashboard}
            errors={errors}
          />
        </fieldset>
        <div>
          <button
            type="submit"
            name="intent"
            value="dashboard-allowlist"
            disabled={navigation.state === 'submitting'}
          >
            Save dashboard access
          </button>
        </div>
      </Form>
      {access.rateLimits ? (
        <p className="muted" id="rate-limits">
          Request limits, per API key or signed-in person, every{' '}
          {access.rateLimits.windowSeconds === 60 ? 'minute' : `${access.rateLimits.windowSeconds} seconds`}:{' '}
          {count(access.rateLimits.reads)} reads, {count(access.rateLimits.writes)} creates and sends,{' '}
          {count(access.rateLimits.exports)} exports.
        </p>
      ) : (
        <p className="muted" id="rate-limits">
          Request limits are off on this server.
        </p>
      )}

      <WebhookProblems
        items={webhookProblems}
        timeZone={organization.timeZone}
        locale={organization.locale}
      />
    </section>
  );
}
