// /dashboard/bulk — bulk send: pick patients, or paste or upload a CSV (patient, amount, description,
// channel); review every row's problems before anything is sent, confirm, then watch the progress.
import { useState } from 'react';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { formatMoney } from '../components/format.ts';
import { PatientSearch, type PickedPatient } from '../components/patient-search.tsx';
import { appendPickedRows, HEADER } from '../components/bulk-rows.ts';
import { MessageOutcomes } from '../components/message-outcomes.tsx';

export const meta: MetaFunction = () => [{ title: 'Bulk send · ClinicPay' }];

export async function loader({ context }: LoaderFunctionArgs) {
  const organization = await context.app.caller.organization.get();
  return {
    currency: organization.defaultCurrency,
    locale: organization.locale,
    timeZone: organization.timeZone,
  };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const form = await request.formData();
  const csv = String(form.get('csv') ?? '');
  if (form.get('intent') === 'send') {
    const key = String(form.get('idempotencyKey') ?? '');
    try {
      const started = await context.app.caller.bulk.start({
        csv,
        idempotencyKey: key,
        skipInvalid: form.get('skipInvalid') === 'on',
      });
      return redirect(`/dashboard/bulk/${started.batchId}`);
    } catch (error) {
      // Nothing was sent (a row went bad since it was checked, say): the review stays on screen,
      // checked again as things stand now, with the same key so a second press can't send twice.
      const described = context.app.describeError(error);
      const report = await context.app.caller.bulk.validate({ csv }).catch(() => null);
      return data({ csv, report, error: null, sendError: described.message, key }, { status: 422 });
    }
  }
  try {
    const report = await context.app.caller.bulk.validate({ csv });
    return { csv, report, error: null, sendError: null, key: crypto.randomUUID() };
  } catch (error) {
    const described = context.app.describeError(error);
    return data(
      {
        csv,
        report: null,
        error: described.fieldErrors[0]?.message ?? described.message,
        sendError: null,
        key: null,
      },
      { status: 422 },
    );
  }
}

function PickPatients({ onAdd }: { onAdd: (rows: (csv: string) => string) => void }) {
  const [picked, setPicked] = useState<PickedPatient[]>([]);
  const [amount, setAmount] = useState('');
  const [description, setDescription] = useState('');
  const [channel, setChannel] = useState('both');
  return (
    <fieldset>
      <legend>Pick patients</legend>
      <PatientSearch
        label="Find a patient by name, email or phone"
        onPick={(p) => setPicked((list) => (list.some((x) => x.id === p.id) ? list : [...list, p]))}
        isPicked={(id) => picked.some((p) => p.id === id)}
      />
      {picked.length > 0 ? (
        <ul className="picked" aria-label="Picked patients">
          {picked.map((p) => (
            <li key={p.id}>
              {p.name}{' '}
              <button
                type="button"
                className="link-button"
                aria-label={`Remove ${p.name}`}
                onClick={() => setPicked((list) => list.filter((x) => x.id !== p.id))}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="pair">
        <label>
          Amount for each
          <input type="text" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
        </label>
        <label>
          Send by
          <select value={channel} onChange={(e) => setChannel(e.target.value)}>
            <option value="both">Email and SMS</option>
            <option value="email">Email</option>
            <option value="sms">SMS</option>
          </select>
        </label>
      </div>
      <label>
        Description (optional)
        <input
          type="text"
          value={description}
          maxLength={500}
          onChange={(e) => setDescription(e.target.value)}
        />
      </label>
      <div>
        <button
          type="button"
          disabled={picked.length === 0}
          onClick={() => {
            onAdd((csv) => appendPickedRows(csv, picked, { amount, description, channel }));
            setPicked([]);
          }}
        >
          Add {picked.length || ''} row{picked.length === 1 ? '' : 's'} below
        </button>
      </div>
    </fieldset>
  );
}

const EXAMPLE = `${HEADER}\n` + 'jordan.rivera@example.com,25.00,Copay,email\n(202) 555-0114,40,,sms';

type Report = NonNullable<NonNullable<ReturnType<typeof useActionData<typeof action>>>['report']>;

/** The checked rows, and the send button — held back, with the reason, until every row can go. */
function Review({
  report,
  checkedCsv,
  csv,
  idempotencyKey,
  busy,
}: {
  report: Report;
  checkedCsv: string;
  csv: string;
  idempotencyKey: string;
  busy: boolean;
}) {
  const { currency, locale, timeZone } = useLoaderData<typeof loader>();
  const [skip, setSkip] = useState(false);
  const plural = (n: number) => (n === 1 ? '' : 's');
  const blocked =
    csv.trim() !== checkedCsv.trim()
      ? 'The rows changed since they were checked: check them again.'
      : report.valid === 0
        ? 'No row can be sent.'
        : report.invalid > 0 && !skip
          ? `Fix the row${plural(report.invalid)} with problems and check again, or skip ${report.invalid === 1 ? 'it' : 'them'}.`
          : null;
  return (
    <>
      <p role="status">
        {report.valid} row{plural(report.valid)} ready
        {report.invalid > 0 ? `, ${report.invalid} with problems` : ''}.
      </p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Row</th>
              <th scope="col">Patient</th>
              <th scope="col">Amount</th>
              <th scope="col">Channels</th>
              <th scope="col">What will happen</th>
            </tr>
          </thead>
          <tbody>
            {report.rows.map((r) => (
              <tr key={r.row} className={r.ok ? undefined : 'row-error'}>
                <td className="num">{r.row}</td>
                <td>{r.patientName ?? '—'}</td>
                <td className="num">{r.amount === null ? '—' : formatMoney(r.amount, currency, locale)}</td>
                <td>{r.channels.join(', ') || '—'}</td>
                <td className="wrap">
                  {r.ok ? (
                    <MessageOutcomes messages={r.messages} timeZone={timeZone} locale={locale} />
                  ) : (
                    r.errors.map((e) => e.message).join('; ')
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      {report.invalid > 0 ? (
        <label className="check">
          <input
            type="checkbox"
            name="skipInvalid"
            checked={skip}
            onChange={(e) => setSkip(e.currentTarget.checked)}
          />{' '}
          Skip the {report.invalid} row{plural(report.invalid)} with problems
        </label>
      ) : null}
      <div>
        <button
          type="submit"
          name="intent"
          value="send"
          className="primary"
          disabled={busy || blocked !== null}
          aria-describedby={blocked ? 'send-blocked' : undefined}
        >
          Send {report.valid} link{plural(report.valid)}
        </button>
        {blocked ? (
          <span id="send-blocked" className="muted">
            {' '}
            {blocked}
          </span>
        ) : null}
      </div>
    </>
  );
}

export default function BulkSend() {
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [csv, setCsv] = useState(result?.csv ?? '');
  const busy = navigation.state !== 'idle';
  const report = result?.report ?? null;
  return (
    <section aria-labelledby="bulk-title">
      <h1 id="bulk-title">Bulk send</h1>
      <p className="muted">
        One row per patient: <code>patient</code> (their email, phone or id), <code>amount</code>, an optional{' '}
        <code>description</code>, and <code>channel</code> (email, sms or both). Nothing is sent until you
        confirm.
      </p>
      {result?.sendError ? (
        <p className="error" role="alert">
          {result.sendError}
        </p>
      ) : null}
      <Form method="post" className="generator">
        <PickPatients onAdd={(append) => setCsv(append)} />
        <label>
          CSV file
          <input
            type="file"
            accept=".csv,text/csv"
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              if (file) void file.text().then(setCsv);
            }}
          />
        </label>
        <label>
          Or paste the rows
          <textarea
            name="csv"
            rows={8}
            value={csv}
            placeholder={EXAMPLE}
            onChange={(e) => setCsv(e.target.value)}
            aria-invalid={result?.error ? true : undefined}
            aria-describedby={result?.error ? 'csv-error' : undefined}
          />
          {result?.error ? (
            <span id="csv-error" className="field-error" role="alert">
              {result.error}
            </span>
          ) : null}
        </label>
        <div>
          <button type="submit" name="intent" value="check" disabled={busy || csv.trim() === ''}>
            Check rows
          </button>
        </div>
        {report && result ? (
          <Review
            key={`${result.key}:${result.csv}`}
            report={report}
            checkedCsv={result.csv}
            csv={csv}
            idempotencyKey={result.key ?? ''}
            busy={busy}
          />
        ) : null}
      </Form>
    </section>
  );
}
