// /dashboard/bulk — bulk send: pick patients, or paste or upload a CSV (patient, amount, description,
// channel); review every row's problems before anything is sent, confirm, then watch the progress.
import { useState } from 'react';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { formatMoney } from '../components/format.ts';
import { PatientSearch, type PickedPatient } from '../components/patient-search.tsx';
import { appendPickedRows, HEADER } from '../components/bulk-rows.ts';

export const meta: MetaFunction = () => [{ title: 'Bulk send · ClinicPay' }];

export async function loader({ context }: LoaderFunctionArgs) {
  const organization = await context.app.caller.organization.get();
  return { currency: organization.defaultCurrency, locale: organization.locale };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const form = await request.formData();
  const csv = String(form.get('csv') ?? '');
  try {
    if (form.get('intent') === 'send') {
      const started = await context.app.caller.bulk.start({
        csv,
        idempotencyKey: String(form.get('idempotencyKey') ?? ''),
        skipInvalid: form.get('skipInvalid') === 'on',
      });
      return redirect(`/dashboard/bulk/${started.batchId}`);
    }
    const report = await context.app.caller.bulk.validate({ csv });
    return { csv, report, error: null, key: crypto.randomUUID() };
  } catch (error) {
    const described = context.app.describeError(error);
    return data(
      { csv, report: null, error: described.fieldErrors[0]?.message ?? described.message, key: null },
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

export default function BulkSend() {
  const { currency, locale } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [csv, setCsv] = useState(result?.csv ?? '');
  const busy = navigation.state === 'submitting';
  const report = result?.report ?? null;
  return (
    <section aria-labelledby="bulk-title">
      <h1 id="bulk-title">Bulk send</h1>
      <p className="muted">
        One row per patient: <code>patient</code> (their email, phone or id), <code>amount</code>, an optional{' '}
        <code>description</code>, and <code>channel</code> (email, sms or both). Nothing is sent until you
        confirm.
      </p>
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
        {report ? (
          <>
            <p role="status">
              {report.valid} row{report.valid === 1 ? '' : 's'} ready
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
                    <th scope="col">Problems</th>
                  </tr>
                </thead>
                <tbody>
                  {report.rows.map((r) => (
                    <tr key={r.row} className={r.ok ? undefined : 'row-error'}>
                      <td className="num">{r.row}</td>
                      <td>{r.patientName ?? '—'}</td>
                      <td className="num">
                        {r.amount === null ? '—' : formatMoney(r.amount, currency, locale)}
                      </td>
                      <td>{r.channels.join(', ') || '—'}</td>
                      <td className="wrap">{r.errors.map((e) => e.message).join('; ') || 'OK'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <input type="hidden" name="idempotencyKey" value={result?.key ?? ''} />
            {report.invalid > 0 ? (
              <label className="check">
                <input type="checkbox" name="skipInvalid" /> Skip the {report.invalid} row
                {report.invalid === 1 ? '' : 's'} with problems
              </label>
            ) : null}
            <div>
              <button
                type="submit"
                name="intent"
                value="send"
                className="primary"
                disabled={busy || report.valid === 0}
              >
                Send {report.valid} link{report.valid === 1 ? '' : 's'}
              </button>
            </div>
          </>
        ) : null}
      </Form>
    </section>
  );
}
