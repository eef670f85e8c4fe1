// What happened to each message a staff action decided — on its way, held for texting hours (until
// when, in the clinic's time zone), or not sent and why — exactly as the server decided it.
import { formatWhen } from './format.ts';

export type MessageOutcome = {
  channel: 'email' | 'sms';
  recipient: string;
  status: string;
  reason: string;
  refusedReason: string | null;
  scheduledFor: string | null;
  errorMessage?: string | null;
};

const NAME = { email: 'Email', sms: 'Text' } as const;

export function outcomeSentence(m: MessageOutcome, timeZone: string, locale: string): string {
  const what = NAME[m.channel];
  const to = `${what} to ${m.recipient}`;
  const instead =
    m.reason === 'fallback' ? ` (instead of the ${m.channel === 'email' ? 'text' : 'email'})` : '';
  switch (m.status) {
    case 'refused':
      return `${what} not sent: ${m.refusedReason ?? 'refused'}.`;
    case 'scheduled':
      return `${to}${instead}: held for texting hours, goes ${formatWhen(m.scheduledFor, timeZone, locale)}.`;
    case 'queued':
    case 'sending':
      return `${to}${instead}: sending now.`;
    case 'sent':
      return `${to}${instead}: sent.`;
    case 'delivered':
      return `${to}${instead}: delivered.`;
    default:
      return `${to}${instead}: not delivered${m.errorMessage ? ` (${m.errorMessage})` : ''}.`;
  }
}

export const anyRefused = (messages: readonly MessageOutcome[]) =>
  messages.some((m) => m.status === 'refused' || m.status === 'failed' || m.status === 'undelivered');

/** One line per message; the refused ones marked so they stand out. */
export function MessageOutcomes({
  messages,
  timeZone,
  locale,
}: {
  messages: readonly MessageOutcome[];
  timeZone: string;
  locale: string;
}) {
  if (messages.length === 0) return null;
  return (
    <ul className="outcomes">
      {messages.map((m, i) => (
        <li key={i} className={m.status === 'refused' ? 'outcome-refused' : undefined}>
          {outcomeSentence(m, timeZone, locale)}
        </li>
      ))}
    </ul>
  );
}
