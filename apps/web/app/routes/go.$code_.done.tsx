// GET /go/:code/done — where Stripe returns the patient after paying or saving a card.
import { data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { ClinicContact, formatAmount, PatientPage } from '../components/patient-page.tsx';

export const handle = { noScripts: true };
export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;
export const meta: MetaFunction = () => [{ title: 'Thank you' }, { name: 'robots', content: 'noindex' }];

export async function loader({ params, context }: LoaderFunctionArgs) {
  const view = await context.app.patientLinks.peek(params.code ?? '');
  return data(view, {
    status: view.kind === 'not_found' ? 404 : view.kind === 'throttled' ? 429 : 200,
    headers: view.kind === 'throttled' ? { 'Retry-After': String(view.retryAfterSeconds) } : {},
  });
}

export default function Done() {
  const view = useLoaderData<typeof loader>();
  if (view.kind === 'pending') {
    return (
      <PatientPage clinic={view.clinic.name} title="Thank you!">
        <p>
          {view.linkType === 'CARD_UPDATE' ? 'Your card is being saved.' : 'Your payment is being confirmed.'}{' '}
          You can close this page.
        </p>
        <ClinicContact clinic={view.clinic} />
      </PatientPage>
    );
  }
  if (view.kind === 'paid') {
    const amount = formatAmount(view.amountMinor, view.currency, view.locale);
    return (
      <PatientPage clinic={view.clinic.name} title="Thank you!">
        <p>
          {view.linkType === 'CARD_UPDATE'
            ? 'Your card on file was updated.'
            : `Your payment${amount ? ` of ${amount}` : ''} was received.`}
        </p>
        {view.receiptUrl ? (
          <p>
            <a className="button" href={view.receiptUrl}>
              View your receipt
            </a>
          </p>
        ) : null}
        <ClinicContact clinic={view.clinic} />
      </PatientPage>
    );
  }
  if (view.kind === 'throttled') {
    return (
      <PatientPage clinic={null} title="Too many attempts">
        <p>Please wait a minute, then open the link from your text message or email again.</p>
      </PatientPage>
    );
  }
  return (
    <PatientPage clinic={null} title="Thank you">
      <p>You can close this page.</p>
    </PatientPage>
  );
}
