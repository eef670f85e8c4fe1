// Proof that a delivery webhook came from Twilio or SendGrid. Status callbacks change a message's
// recorded state (and STOP replies opt patients out), so unsigned or mis-signed requests are dropped.
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import twilio from 'twilio';

export type TwilioSignatureInput = {
  authToken: string;
  /** The full URL Twilio was configured to call, with query string — as Twilio saw it, i.e. the
   * public https URL, not the one a proxy forwarded to us. */
  url: string;
  /** The form-encoded POST parameters. */
  params: Record<string, string>;
  /** The X-Twilio-Signature header. */
  signature: string | undefined;
};

/**
 * HMAC-SHA1 of the URL plus the sorted parameters. twilio.validateRequest compares in constant time
 * and also accepts the URL with the default port added or removed (Twilio signs what it called, and
 * proxies differ in whether `:443` survives).
 */
export function verifyTwilioSignature(input: TwilioSignatureInput): boolean {
  if (!input.signature || !input.authToken) return false;
  try {
    return twilio.validateRequest(input.authToken, input.signature, input.url, input.params);
  } catch {
    return false;
  }
}

export type SendGridSignatureInput = {
  /** The Event Webhook's verification key: base64 DER SPKI of an ECDSA P-256 public key. */
  publicKeyBase64: string;
  /** The raw request body, byte for byte (parsing and re-serialising the JSON breaks the signature). */
  payload: Buffer;
  /** X-Twilio-Email-Event-Webhook-Signature: base64 DER ECDSA signature. */
  signature: string | undefined;
  /** X-Twilio-Email-Event-Webhook-Timestamp: unix seconds. */
  timestamp: string | undefined;
  /** How far the timestamp may be from now, either way; default 600 s. Stops replays of old batches. */
  toleranceSeconds?: number;
  now?: Date;
};

export const SENDGRID_SIGNATURE_HEADER = 'x-twilio-email-event-webhook-signature';
export const SENDGRID_TIMESTAMP_HEADER = 'x-twilio-email-event-webhook-timestamp';

const publicKeys = new Map<string, KeyObject>();

function sendGridPublicKey(publicKeyBase64: string): KeyObject {
  let key = publicKeys.get(publicKeyBase64);
  if (!key) {
    key = createPublicKey({ key: Buffer.from(publicKeyBase64, 'base64'), format: 'der', type: 'spki' });
    publicKeys.set(publicKeyBase64, key);
  }
  return key;
}

/** ECDSA P-256 / SHA-256 over `timestamp + raw body`, as @sendgrid/eventwebhook verifies it. */
export function verifySendGridSignature(input: SendGridSignatureInput): boolean {
  const { signature, timestamp } = input;
  if (!signature || !timestamp || !/^\d{1,12}$/.test(timestamp)) return false;
  const toleranceSeconds = input.toleranceSeconds ?? 600;
  const nowSeconds = Math.floor((input.now ?? new Date()).getTime() / 1000);
  if (Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) return false;
  try {
    return verify(
      'sha256',
      Buffer.concat([Buffer.from(timestamp, 'utf8'), input.payload]),
      sendGridPublicKey(input.publicKeyBase64),
      Buffer.from(signature, 'base64'),
    );
  } catch {
    // A malformed key or signature is not a valid signature.
    return false;
  }
}
