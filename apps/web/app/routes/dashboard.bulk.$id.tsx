// /dashboard/bulk/:id — a bulk send's progress: links created, messages queued / sent / failed,
// skipped rows with the reason. Refreshes itself every second while the send runs.
import { useEffect } from 'react';
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useRevalidator } from '@remix-run/react';
import { Stat } from '../components/stat.tsx';

export const meta: MetaFunction = () => [{ title: 'Bulk send progress · ClinicPay' }];

export async function loader({ context, params }: LoaderFunctionArgs) {
  try {
    return await context.app.caller.bulk.status({ batchId: String(params.id) });
  } catch (error) {
    if (context.app.describeError(error).code === 'NOT_FOUND')
      throw new Response('Bulk send not found', { status: 404 });
    throw error;
  }
}

const WAITING = ['queued', 'scheduled', 'sending'];

export default function BulkProgress() {
  const progress = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  const messages = progress.messages as Record<string, number>;
  const waiting = WAITING.reduce((n, s) => n + (messages[s] ?? 0), 0);
  const running = progress.status !== 'done' || waiting > 0;
  useEffect(() => {
    if (!running) return;
    const t = setInterval(() => {
      if (revalidator.state === 'idle') revalidator.revalidate();
    }, 1000);
    return () => clearInterval(t);
  }, [running, revalidator]);
  const sent = (messages.sent ?? 0) + (messages.delivered ?? 0);
  const failed = (messages.failed ?? 0) + (messages.undelivered ?? 0);
  return (
    <section aria-labelledby="progress-title">
      <p>
        <Link to="/dashboard/bulk">← New bulk send</Link>
      </p>
      <h1 id="progress-title">Bulk send {running ? 'in progress' : 'finished'}</h1>
      <div className="stats" aria-live="polite">
        <Stat label="Links created" value={`${progress.linksCreated} of ${progress.total}`} />
        <Stat label="Waiting to send" value={waiting} />
        <Stat label="Sent" value={sent} />
        <Stat label="Failed" value={failed} />
        <Stat label="Refused or skipped" value={(messages.refused ?? 0) + progress.skipped.length} />
      </div>
      {progress.skipped.length > 0 ? (
        <>
          <h2>Skipped rows</h2>
          <ul className="plain">
            {progress.skipped.map((s) => (
              <li key={s.row}>
                Row {s.row}: {s.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
