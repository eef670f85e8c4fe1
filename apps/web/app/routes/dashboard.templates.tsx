// /dashboard/templates (admins) — the clinic's message texts: edit the SMS and email of payment and
// card-update requests with a live preview of what the patient receives (and the SMS segment
// count), save, or go back to the default. The link is always included, whatever the text says.
import { useState } from 'react';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { trpc } from '../trpc.ts';

export const meta: MetaFunction = () => [{ title: 'Message templates · ClinicPay' }];

const KINDS = { payment_request: 'Payment request', card_update_request: 'Card-update request' } as const;
const PARTS = { sms: 'Text message', email_subject: 'Email subject', email_text: 'Email text' } as const;
type Kind = keyof typeof KINDS;
type Part = keyof typeof PARTS;

export async function loader({ context }: LoaderFunctionArgs) {
  return { templates: await context.app.caller.messaging.templates() };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const form = await request.formData();
  const kind = String(form.get('kind')) as Kind;
  const part = String(form.get('part')) as Part;
  const reset = form.get('intent') === 'reset';
  try {
    await context.app.caller.messaging.setTemplate({
      kind,
      part,
      body: reset ? null : String(form.get('body') ?? ''),
    });
    return { ok: true, key: `${kind}.${part}`, message: reset ? 'Back to the default text.' : 'Saved.' };
  } catch (error) {
    const described = context.app.describeError(error);
    return data(
      {
        ok: false,
        key: `${kind}.${part}`,
        message: described.fieldErrors.map((e) => e.message).join(' ') || described.message,
      },
      { status: described.code === 'FORBIDDEN' ? 403 : 422 },
    );
  }
}

function Editor({
  kind,
  part,
  initial,
  isDefault,
}: {
  kind: Kind;
  part: Part;
  initial: string;
  isDefault: boolean;
}) {
  const [text, setText] = useState(initial);
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const mine = result?.key === `${kind}.${part}` ? result : null;
  const preview = trpc.messaging.preview.useQuery({ kind, overrides: { [part]: text } });
  const id = `${kind}-${part}`;
  return (
    <Form method="post" className="template-editor">
      <input type="hidden" name="kind" value={kind} />
      <input type="hidden" name="part" value={part} />
      <label htmlFor={id}>
        {PARTS[part]} {isDefault ? <span className="muted">(default)</span> : null}
      </label>
      <textarea
        id={id}
        name="body"
        rows={part === 'email_text' ? 7 : part === 'sms' ? 3 : 1}
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-invalid={mine && !mine.ok ? true : undefined}
        aria-describedby={mine ? `${id}-result` : undefined}
      />
      {mine ? (
        <span id={`${id}-result`} className={mine.ok ? 'muted' : 'field-error'} role="status">
          {mine.message}
        </span>
      ) : null}
      {preview.data ? (
        part === 'sms' ? (
          <div className="preview">
            <p className="sms-bubble">{preview.data.sms.body}</p>
            <span className="muted">
              {preview.data.sms.segments.segments} SMS segment
              {preview.data.sms.segments.segments === 1 ? '' : 's'} ({preview.data.sms.segments.encoding})
            </span>
          </div>
        ) : (
          <p className="muted">
            Preview:{' '}
            {part === 'email_subject' ? preview.data.email.subject : preview.data.email.text.slice(0, 160)}…
          </p>
        )
      ) : null}
      {preview.data?.problems.length ? (
        <ul className="plain">
          {preview.data.problems.map((p, i) => (
            <li key={i} className={p.severity === 'error' ? 'field-error' : 'muted'}>
              {p.message}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="row-actions">
        <button type="submit" name="intent" value="save" disabled={navigation.state === 'submitting'}>
          Save
        </button>
        {!isDefault ? (
          <button type="submit" name="intent" value="reset" className="link-button">
            Use the default
          </button>
        ) : null}
      </div>
    </Form>
  );
}

export default function Templates() {
  const { templates } = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="templates-title">
      <h1 id="templates-title">Message templates</h1>
      <p className="muted">
        Placeholders: <code>{'{{clinicName}}'}</code> <code>{'{{amount}}'}</code> <code>{'{{link}}'}</code>{' '}
        <code>{'{{expiresAt}}'}</code> <code>{'{{customMessage}}'}</code> <code>{'{{clinicPhone}}'}</code>.
        Texts never carry the description; the link is added if a text leaves it out.
      </p>
      {templates.map((t) => (
        <fieldset key={t.kind} className="generator-block">
          <legend>{KINDS[t.kind as Kind]}</legend>
          {(Object.keys(PARTS) as Part[]).map((part) => {
            const override = (t.overrides as Partial<Record<Part, string>>)[part];
            return (
              <Editor
                key={`${part}-${override ?? 'default'}`}
                kind={t.kind as Kind}
                part={part}
                initial={override ?? (t.defaults as Record<Part, string>)[part]}
                isDefault={override === undefined}
              />
            );
          })}
        </fieldset>
      ))}
    </section>
  );
}
