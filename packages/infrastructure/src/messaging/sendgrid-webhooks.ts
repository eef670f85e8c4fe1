// SendGrid's signed Event Webhook, translated: proof that a batch came from SendGrid (ECDSA over the
// timestamp and the raw body), then each event that changes a message as a delivery report. Built once
// in the composition root when the webhook's public key is configured, and injected.
import { assertNever, err, ok, type DeliveryReport, type Result } from '@clinicpay/domain';
import { verifySendGridSignature } from './webhook-signatures.ts';

/** The events that change a message; the rest (processed, deferred, open, click, …) change nothing. */
const REPORTED_EVENTS = ['delivered', 'bounce', 'dropped', 'spamreport'] as const;
type ReportedEvent = (typeof REPORTED_EVENTS)[number];
const isReported = (event: unknown): event is ReportedEvent =>
  typeof event === 'string' && (REPORTED_EVENTS as readonly string[]).includes(event);

export class SendGridWebhooks {
  readonly #publicKeyBase64: string;

  constructor(options: { publicKeyBase64: string }) {
    this.#publicKeyBase64 = options.publicKeyBase64;
  }

  verify(request: {
    payload: Buffer;
    signature: string | undefined;
    timestamp: string | undefined;
  }): boolean {
    return verifySendGridSignature({ publicKeyBase64: this.#publicKeyBase64, ...request });
  }

  /** The batch's reports (a body that is a JSON non-array holds none), or an error when it is not JSON. */
  reports(payload: Buffer): Result<DeliveryReport[], 'Body is not JSON'> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload.toString('utf8'));
    } catch {
      return err('Body is not JSON');
    }
    const events = Array.isArray(parsed) ? (parsed as Array<Record<string, unknown>>) : [];
    return ok(events.map(report).filter((r): r is DeliveryReport => r !== null));
  }
}

function report(event: Record<string, unknown>): DeliveryReport | null {
  const type = event.event;
  if (!isReported(type)) return null;
  const sgId = typeof event.sg_message_id === 'string' ? event.sg_message_id.split('.')[0]! : '';
  const messageId = typeof event.message_id === 'string' ? event.message_id : null;
  const reason = typeof event.reason === 'string' ? event.reason : null;
  const base = {
    provider: 'sendgrid',
    providerMessageId: sgId,
    messageId,
    errorCode: null,
    errorMessage: null,
    markUnusable: false,
  };
  switch (type) {
    case 'delivered':
      return { ...base, status: 'delivered' };
    case 'bounce':
      return {
        ...base,
        status: 'failed',
        errorCode: 'bounce',
        errorMessage: reason,
        markUnusable: event.type !== 'blocked',
      };
    case 'dropped':
      return {
        ...base,
        status: 'failed',
        errorCode: 'dropped',
        errorMessage: reason,
        markUnusable: /bounce|invalid|spam/i.test(reason ?? ''),
      };
    case 'spamreport':
      return {
        ...base,
        status: 'delivered',
        errorCode: 'spamreport',
        errorMessage: 'The recipient reported this email as spam',
        markUnusable: true,
      };
    default:
      return assertNever(type, 'unmapped SendGrid event');
  }
}
