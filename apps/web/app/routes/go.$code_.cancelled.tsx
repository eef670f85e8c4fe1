// GET /go/:code/cancelled — the patient backed out of the payment page.
import type { MetaFunction, LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { PatientPage } from '../components/patient-page.tsx';

export const handle = { noScripts: true };
export const meta: MetaFunction = () => [
  { title: 'Payment not completed' },
  { name: 'robots', content: 'noindex' },
];

export async function loader({ params }: LoaderFunctionArgs) {
  return { code: params.code ?? '' };
}

export default function Cancelled() {
  const { code } = useLoaderData<typeof loader>();
  return (
    <PatientPage clinic={null} title="Payment not completed">
      <p>Nothing was charged. You can return to the payment page whenever you are ready.</p>
      <p>
        <a className="button" href={`/go/${encodeURIComponent(code)}`}>
          Return to payment
        </a>
      </p>
    </PatientPage>
  );
}
