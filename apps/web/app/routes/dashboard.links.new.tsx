// /dashboard/links/new — the link generator (the spec's mockup): an amount or line items with a live
// total, the patient (type-ahead), how to send it, a custom message with a preview of exactly what
// the patient gets, the expiry; then the short link, a copy button and a QR code for the front desk.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import QRCode from 'qrcode';
import { trpc } from '../trpc.ts';
import { formatMoney } from '../components/format.ts';
import { channelProblem } from '../components/contact.ts';
import { draftTotal } from '../components/draft-total.ts';
import { PatientSearch, useDebounced, type PickedPatient } from '../components/patient-search.tsx';
import { ProviderSelect } from '../components/provider-select.tsx';
import { FieldError } from '../components/field-error.tsx';
import { MessageOutcomes } from '../components/message-outcomes.tsx';
import { useSignedInUser } from '../components/signed-in-user.ts';

export const meta: MetaFunction = () => [{ title: 'New payment link · ClinicPay' }];

const EXPIRY = [
  { hours: 24, label: '24 hours' },
  { hours: 72, label: '3 days' },
  { hours: 168, label: '7 days' },
  { hours: 720, label: '30 days' },
];

export async function loader({ context }: LoaderFunctionArgs) {
  const [organization, providers] = await Promise.all([
    context.app.caller.organization.get(),
    context.app.caller.organization.providers(),
  ]);
  return { organization, providers: providers.filter((p) => p.active) };
}

type FieldErrors = Record<string, string>;

export async function action({ context, request }: ActionFunctionArgs) {
  const form = await request.formData();
  const text = (name: string) => {
    const v = form.get(name);
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
  };
  const names = form.getAll('itemName').map(String);
  const prices = form.getAll('itemPrice').map(String);
  const quantities = form.getAll('itemQuantity').map(String);
  // Every line as typed, blank ones too: a problem is named at its own line (items[i].name/price).
  const items = names.map((name, i) => ({
    name: name.trim(),
    price: prices[i] ?? '',
    quantity: Number(quantities[i] || 1) || 1,
  }));
  const expiry =
    text('expiresIn') === 'custom' ? Number(text('customHours')) : Number(text('expiresIn') ?? 72);
  try {
    const created = await context.app.caller.links.createCheckout({
      patientId: text('patientId') ?? '',
      providerId: text('providerId'),
      ...(names.length > 0 ? { items } : { amount: text('amount') ?? '' }),
      description: text('description'),
      expiresIn: expiry,
      sendVia: form.getAll('sendVia').map(String),
      customMessage: text('customMessage'),
    });
    const svg = await QRCode.toString(created.shortUrl, { type: 'svg', margin: 1, width: 220 });
    const png = await QRCode.toDataURL(created.shortUrl, { margin: 1, width: 600 });
    return {
      created: {
        id: created.id,
        shortUrl: created.shortUrl,
        amount: created.amount,
        currency: created.currency,
        messages: created.messages,
        qrSvg: svg,
        qrPng: png,
      },
      errors: {} as FieldErrors,
      message: null,
    };
  } catch (error) {
    const described = context.app.describeError(error);
    const errors: FieldErrors = {};
    for (const e of described.fieldErrors) errors[e.field] ??= e.message;
    // Field problems are shown at their fields; the summary only points there.
    const message = described.fieldErrors.length > 0 ? 'Check the fields marked below.' : described.message;
    return data({ created: null, errors, message }, { status: described.code === 'VALIDATION' ? 422 : 400 });
  }
}

type Patient = PickedPatient;

export default function NewLink() {
  const { organization, providers } = useLoaderData<typeof loader>();
  const me = useSignedInUser();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors = result?.errors ?? {};
  const currency = organization.defaultCurrency;
  const locale = organization.locale;

  const [mode, setMode] = useState<'amount' | 'items'>('items');
  const [amount, setAmount] = useState('');
  const [items, setItems] = useState([{ name: '', price: '', quantity: '1' }]);
  const [patient, setPatient] = useState<Patient | null>(null);
  const [customMessage, setCustomMessage] = useState('');
  const [expiresIn, setExpiresIn] = useState('72');
  const [customHours, setCustomHours] = useState('48');
  const [copied, setCopied] = useState(false);
  // One press, one link: the form is locked from the first submit until the answer is shown (the
  // button's disabled state alone lands a render too late for a quick second press).
  const submitting = useRef(false);
  const busy = navigation.state !== 'idle' && navigation.formData !== undefined;
  useEffect(() => {
    if (navigation.state === 'idle') submitting.current = false;
  }, [navigation.state]);

  const draft = useMemo(() => draftTotal(mode, amount, items, currency), [mode, amount, items, currency]);
  const total = draft.decimal;
  const previewMessage = useDebounced(customMessage, 300);
  const hours = Number(expiresIn === 'custom' ? customHours : expiresIn);
  const previewHours = useDebounced(Number.isInteger(hours) && hours >= 1 && hours <= 720 ? hours : 72, 300);
  const preview = trpc.messaging.preview.useQuery({
    kind: 'payment_request',
    customMessage: previewMessage || undefined,
    amount: formatMoney(total, currency, locale),
    expiresInHours: previewHours,
  });

  if (result?.created) {
    const c = result.created;
    const going = c.messages.filter((m) => m.status !== 'refused').length;
    return (
      <section aria-labelledby="created-title">
        <h1 id="created-title">Payment link ready</h1>
        <div className={going === 0 && c.messages.length > 0 ? 'error' : 'notice'} role="status">
          <p>
            {formatMoney(c.amount, c.currency, locale)} requested.
            {going === 0 ? ' Not sent: share it by copy or QR code.' : ''}
          </p>
          <MessageOutcomes messages={c.messages} timeZone={organization.timeZone} locale={locale} />
        </div>
        <div className="created">
          <div>
            <label htmlFor="short-url">Short link</label>
            <div className="copy-row">
              <input
                id="short-url"
                type="text"
                readOnly
                value={c.shortUrl}
                onFocus={(e) => e.currentTarget.select()}
              />
              <button
                type="button"
                onClick={() => {
                  void navigator.clipboard?.writeText(c.shortUrl).then(() => setCopied(true));
                }}
              >
                {copied ? 'Copied' : 'Copy'}
              </button>
            </div>
            <p>
              <Link to={`/dashboard/links/${c.id}`}>View the link</Link> ·{' '}
              <a href="/dashboard/links/new">Create another</a>
            </p>
          </div>
          <figure className="qr">
            <div
              dangerouslySetInnerHTML={{ __html: c.qrSvg }}
              role="img"
              aria-label="QR code of the short link"
            />
            <figcaption>
              Scan to pay in the office ·{' '}
              <a
                href={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(c.qrSvg)}`}
                download="payment-link-qr.svg"
              >
                SVG
              </a>{' '}
              ·{' '}
              <a href={c.qrPng} download="payment-link-qr.png">
                PNG
              </a>
            </figcaption>
          </figure>
        </div>
      </section>
    );
  }

  const emailProblem = channelProblem(patient, 'email');
  const smsProblem = channelProblem(patient, 'sms');
  return (
    <section aria-labelledby="new-title">
      <h1 id="new-title">New payment link</h1>
      {result?.message && !result.created ? (
        <p className="error" role="alert">
          {result.message}
        </p>
      ) : null}
      <Form
        method="post"
        className="generator"
        noValidate
        onSubmit={(e) => {
          if (submitting.current) e.preventDefault();
          submitting.current = true;
        }}
      >
        <fieldset>
          <legend>What to charge</legend>
          <div className="segmented" role="radiogroup" aria-label="Charge by">
            <label>
              <input type="radio" name="mode" checked={mode === 'items'} onChange={() => setMode('items')} />{' '}
              Line items
            </label>
            <label>
              <input
                type="radio"
                name="mode"
                checked={mode === 'amount'}
                onChange={() => setMode('amount')}
              />{' '}
              One amount
            </label>
          </div>
          {mode === 'amount' ? (
            <label>
              Amount ({currency})
              <input
                type="text"
                inputMode="decimal"
                name="amount"
                value={amount}
                onChange={(e) => setAmount(e.target.value)}
                aria-invalid={errors.amount ? true : undefined}
                aria-describedby={errors.amount ? 'amount-error' : undefined}
              />
              <FieldError id="amount-error" message={errors.amount} />
            </label>
          ) : (
            <div className="items-editor">
              {items.map((item, i) => (
                <div key={i} className="item-row">
                  <label>
                    Item
                    <input
                      type="text"
                      name="itemName"
                      value={item.name}
                      onChange={(e) =>
                        setItems(items.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))
                      }
                      aria-invalid={errors[`items[${i}].name`] ? true : undefined}
                      aria-describedby={errors[`items[${i}].name`] ? `item-${i}-name-error` : undefined}
                    />
                    <FieldError id={`item-${i}-name-error`} message={errors[`items[${i}].name`]} />
                  </label>
                  <label>
                    Price
                    <input
                      type="text"
                      inputMode="decimal"
                      name="itemPrice"
                      value={item.price}
                      onChange={(e) =>
                        setItems(items.map((x, j) => (j === i ? { ...x, price: e.target.value } : x)))
                      }
                      aria-invalid={errors[`items[${i}].price`] ? true : undefined}
                      aria-describedby={errors[`items[${i}].price`] ? `item-${i}-price-error` : undefined}
                    />
                    <FieldError id={`item-${i}-price-error`} message={errors[`items[${i}].price`]} />
                  </label>
                  <label>
                    Qty
                    <input
                      type="number"
                      min={1}
                      name="itemQuantity"
                      value={item.quantity}
                      onChange={(e) =>
                        setItems(items.map((x, j) => (j === i ? { ...x, quantity: e.target.value } : x)))
                      }
                    />
                  </label>
                  {items.length > 1 ? (
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => setItems(items.filter((_, j) => j !== i))}
                      aria-label={`Remove item ${i + 1}`}
                    >
                      Remove
                    </button>
                  ) : null}
                </div>
              ))}
              <button
                type="button"
                onClick={() => setItems([...items, { name: '', price: '', quantity: '1' }])}
              >
                Add item
              </button>
              <FieldError id="items-error" message={errors.items ?? errors.amount} />
            </div>
          )}
          <p className="total" aria-live="polite">
            Total: <strong>{formatMoney(total, currency, locale)}</strong>
            {mode === 'items' && draft.incomplete.length > 0 ? (
              <span className="muted">
                {' '}
                — not counting line{draft.incomplete.length === 1 ? '' : 's'} {draft.incomplete.join(', ')}:
                check the price and quantity
              </span>
            ) : null}
          </p>
          <label>
            Description (for your records; not sent by text)
            <input type="text" name="description" maxLength={500} />
          </label>
        </fieldset>

        <fieldset>
          <legend>Patient</legend>
          <input type="hidden" name="patientId" value={patient?.id ?? ''} />
          {patient ? (
            <p className="chosen">
              <strong>{patient.name}</strong>{' '}
              <span className="muted">{[patient.email, patient.phone].filter(Boolean).join(' · ')}</span>{' '}
              <button type="button" className="link-button" onClick={() => setPatient(null)}>
                Change
              </button>
            </p>
          ) : (
            <PatientSearch onPick={setPatient} error={errors.patientId} errorId="patient-error" />
          )}
          <ProviderSelect providers={providers} defaultValue={providers[0]?.id} />
        </fieldset>

        <fieldset>
          <legend>Send it</legend>
          {(['email', 'sms'] as const).map((channel) => {
            const problem = channel === 'email' ? emailProblem : smsProblem;
            return (
              <label key={channel} className="check">
                <input
                  type="checkbox"
                  name="sendVia"
                  value={channel}
                  disabled={problem !== null}
                  defaultChecked={false}
                  aria-describedby={problem ? `${channel}-why` : undefined}
                />{' '}
                {channel === 'email' ? 'Email' : 'SMS'}
                {problem ? (
                  <span id={`${channel}-why`} className="muted">
                    {' '}
                    — {problem}
                  </span>
                ) : null}
              </label>
            );
          })}
          <p className="muted">Or copy the link / show the QR code once it is created.</p>
          <label>
            Custom message (added to the message; the link is always included)
            <textarea
              name="customMessage"
              maxLength={320}
              rows={2}
              value={customMessage}
              onChange={(e) => setCustomMessage(e.target.value)}
              aria-invalid={errors.customMessage ? true : undefined}
            />
            <FieldError id="message-error" message={errors.customMessage} />
          </label>
          <div className="preview" aria-live="polite">
            <span className="muted">The text the patient gets</span>
            {preview.data ? (
              <>
                <p className="sms-bubble">{preview.data.sms.body}</p>
                <span className="muted">
                  {preview.data.sms.segments.segments} SMS segment
                  {preview.data.sms.segments.segments === 1 ? '' : 's'} ({preview.data.sms.segments.encoding})
                </span>
              </>
            ) : (
              <p className="muted">Preparing preview…</p>
            )}
          </div>
        </fieldset>

        <fieldset>
          <legend>Expires after</legend>
          <select
            name="expiresIn"
            value={expiresIn}
            onChange={(e) => setExpiresIn(e.target.value)}
            aria-label="Expiry"
          >
            {EXPIRY.map((e) => (
              <option key={e.hours} value={e.hours}>
                {e.label}
              </option>
            ))}
            <option value="custom">Custom…</option>
          </select>
          {expiresIn === 'custom' ? (
            <label>
              Hours
              <input
                type="number"
                name="customHours"
                min={1}
                max={720}
                value={customHours}
                onChange={(e) => setCustomHours(e.target.value)}
              />
            </label>
          ) : null}
          <FieldError id="expiry-error" message={errors.expiresIn} />
        </fieldset>

        <button type="submit" className="primary" disabled={busy} aria-busy={busy}>
          {busy ? 'Creating…' : 'Create link'}
        </button>
        <span className="muted"> Created by {me?.name}</span>
      </Form>
    </section>
  );
}
