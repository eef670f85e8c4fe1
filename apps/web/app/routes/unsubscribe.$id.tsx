// /unsubscribe/:id — the link in every email (List-Unsubscribe). GET only shows a button, so link
// scanners can't unsubscribe anyone; POST (the button, or a mail client's RFC 8058 one-click) does.
import { data, type ActionFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useActionData } from '@remix-run/react';
import { PatientPage } from '../components/patient-page.tsx';

export const handle = { noScripts: true };
export const meta: MetaFunction = () => [{ title: 'Unsubscribe' }, { name: 'robots', content: 'noindex' }];

export async function loader() {
  return null;
}

export async function action({ params, context }: ActionFunctionArgs) {
  const done = await context.app.unsubscribe(params.id ?? '');
  return data({ done: done !== null, clinicName: done?.clinicName ?? null }, { status: done ? 200 : 404 });
}

export default function Unsubscribe() {
  const result = useActionData<typeof action>();
  if (result?.done) {
    return (
      <PatientPage clinic={result.clinicName} title="You are unsubscribed">
        <p>
          You will not receive payment emails from {result.clinicName} any more. Text messages, if any, stop
          when you reply STOP.
        </p>
      </PatientPage>
    );
  }
  if (result && !result.done) {
    return (
      <PatientPage clinic={null} title="This unsubscribe link is not valid">
        <p>Please use the link from your most recent email.</p>
      </PatientPage>
    );
  }
  return (
    <PatientPage clinic={null} title="Unsubscribe from payment emails?">
      <Form method="post" reloadDocument>
        <button type="submit" className="button">
          Unsubscribe
        </button>
      </Form>
    </PatientPage>
  );
}
