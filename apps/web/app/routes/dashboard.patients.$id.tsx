// /dashboard/patients/:id — a patient: contact details, consent per channel, the card on file
// (brand, last four, expiry — never more) with an "expiring soon" badge, their links, and
// "request card update".
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { cardLabel, expiringSoon } from '../components/card.ts';
import { LinksTable } from '../components/links-table.tsx';
import { anyRefused, MessageOutcomes } from '../components/message-outcomes.tsx';

export const meta: MetaFunction = () => [{ title: 'Patient · ClinicPay' }];

export async function loader({ context, params }: LoaderFunctionArgs) {
  const id = String(params.id);
  try {
    // The patient first: an id that is none of ours (or no id at all) is a 404, before the links
    // list would call it an invalid filter.
    const patient = await context.app.caller.patients.byId({ id });
    const [links, organization] = await Promise.all([
      context.app.caller.links.list({ patientId: patient.id, limit: 20, offset: 0 }),
      context.app.caller.organization.get(),
    ]);
    return { patient, links, timeZone: organization.timeZone, locale: organization.locale };
  } catch (error) {
    if (context.app.describeError(error).code === 'NOT_FOUND')
      throw new Response('Patient not found', { status: 404 });
    throw error;
  }
}

export async function action({ context, params, request }: ActionFunctionArgs) {
  const form = await request.formData();
  try {
    const created = await context.app.caller.links.createCardUpdate({
      patientId: String(params.id),
      sendVia: form.getAll('sendVia').map(String),
    });
    // What happened to each message, as the server decided it (never "sent" for a refusal).
    return {
      ok: !anyRefused(created.messages),
      message:
        created.messages.length === 0 ? 'Card-update link created (not sent).' : 'Card-update link created.',
      messages: created.messages,
    };
  } catch (error) {
    const described = context.app.describeError(error);
    return data(
      { ok: false, message: described.fieldErrors[0]?.message ?? described.message, messages: [] },
      { status: 422 },
    );
  }
}

function Consent({ label, state }: { label: string; state: 'ok' | string }) {
  return (
    <li>
      {label}:{' '}
      {state === 'ok' ? (
        <span className="status status-completed">can receive</span>
      ) : (
        <span className="status">{state}</span>
      )}
    </li>
  );
}

export default function PatientPage() {
  const { patient, links, timeZone, locale } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const emailState = !patient.email
    ? 'no address'
    : patient.emailOptedOut
      ? 'unsubscribed'
      : patient.canReceiveEmail
        ? 'ok'
        : 'address bounced';
  const smsState = !patient.phone
    ? 'no number'
    : patient.smsOptedOut
      ? 'opted out (STOP)'
      : patient.canReceiveSms
        ? 'ok'
        : 'cannot receive';
  return (
    <section aria-labelledby="patient-title">
      <p>
        <Link to="/dashboard/patients">← All patients</Link>
      </p>
      <h1 id="patient-title">{patient.name}</h1>
      {result ? (
        <div className={result.ok ? 'notice' : 'error'} role="status">
          <p>{result.message}</p>
          <MessageOutcomes messages={result.messages} timeZone={timeZone} locale={locale} />
        </div>
      ) : null}
      <div className="columns">
        <div>
          <h2>Contact</h2>
          <dl className="details">
            <dt>Email</dt>
            <dd>{patient.email ?? '—'}</dd>
            <dt>Mobile</dt>
            <dd>{patient.phone ?? '—'}</dd>
            <dt>Prefers</dt>
            <dd>{patient.preferredChannel ?? '—'}</dd>
          </dl>
          <ul className="plain">
            <Consent label="Email" state={emailState} />
            <Consent label="Text messages" state={smsState} />
          </ul>
        </div>
        <div>
          <h2>Card on file</h2>
          <p>
            {cardLabel(patient.card)}
            {expiringSoon(patient.card) ? <span className="badge">expiring soon</span> : null}
          </p>
          <Form method="post" className="inline-form">
            <fieldset className="actions-fieldset">
              <legend>Request a card update</legend>
              <label className="check">
                <input
                  type="checkbox"
                  name="sendVia"
                  value="email"
                  disabled={emailState !== 'ok'}
                  defaultChecked={emailState === 'ok'}
                />{' '}
                Email
              </label>
              <label className="check">
                <input type="checkbox" name="sendVia" value="sms" disabled={smsState !== 'ok'} /> SMS
              </label>
              <button type="submit" disabled={navigation.state === 'submitting'}>
                Send card-update link
              </button>
            </fieldset>
          </Form>
        </div>
      </div>
      <h2>Links</h2>
      {links.items.length === 0 ? (
        <p className="empty">No links for this patient yet.</p>
      ) : (
        <LinksTable links={links.items} timeZone={timeZone} locale={locale} />
      )}
    </section>
  );
}
