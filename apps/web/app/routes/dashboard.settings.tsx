// /dashboard/settings (admins) — the clinic's profile (name, contact shown to patients, time zone,
// short-link address), messaging rules (sending hours, weekly contact cap, description in email),
// the expiring-card automation, API keys (shown once when created; revocable), and the Stripe events
// that could not be applied.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { formatDateTime } from '../components/format.ts';
import { WebhookProblems } from '../components/webhook-problems.tsx';

export const meta: MetaFunction = () => [{ title: 'Settings · ClinicPay' }];

export async function loader({ context }: LoaderFunctionArgs) {
  try {
    const [organization, settings, keys, events] = await Promise.all([
      context.app.caller.organization.get(),
      context.app.caller.organization.settings(),
      context.app.caller.apiKeys.list(),
      context.app.caller.webhookEvents.problems({ limit: 20 }),
    ]);
    return { organization, settings, keys, webhookProblems: events.items, forbidden: false };
  } catch (error) {
    if (context.app.describeError(error).code !== 'FORBIDDEN') throw error;
    return data(
      { organization: null, settings: null, keys: [], webhookProblems: [], forbidden: true },
      { status: 403 },
    );
  }
}

type Result = { ok: boolean; message: string; errors: Record<string, string>; plaintext?: string };

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

export default function Settings() {
  const { organization, settings, keys, webhookProblems, forbidden } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  const navigation = useNavigation();
  const errors = result?.errors ?? {};
  if (forbidden || !organization || !settings)
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

      <WebhookProblems
        items={webhookProblems}
        timeZone={organization.timeZone}
        locale={organization.locale}
      />
    </section>
  );
}
