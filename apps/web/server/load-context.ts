// What Remix loaders and actions receive from the server: a tRPC caller bound to the request's
// credentials, and the sign-in/sign-out operations that set the cookie. Types only cross into the
// Remix bundle; the implementations live in server/app.ts.
import type { createCaller } from '@clinicpay/api';

export type Caller = ReturnType<typeof createCaller>;

export type SignInOutcome = { ok: true; setCookie: string } | { ok: false; status: number; message: string };

/** What the patient pages may show: the clinic and the amount — no other PHI. */
export type PatientLinkView =
  | { kind: 'redirect'; url: string }
  | { kind: 'not_found' }
  /** Too many unknown codes from this client; it may try again after this many seconds. */
  | { kind: 'throttled'; retryAfterSeconds: number }
  | { kind: 'preview'; clinic: { name: string; phone: string | null; email: string | null } }
  | {
      kind: 'pending';
      linkType: 'CHECKOUT' | 'CARD_UPDATE';
      clinic: { name: string; phone: string | null; email: string | null };
    }
  | {
      kind: 'paid' | 'closed';
      reason: 'expired' | 'cancelled' | null;
      linkType: 'CHECKOUT' | 'CARD_UPDATE';
      clinic: { name: string; phone: string | null; email: string | null };
      amountMinor: number | null;
      currency: string;
      locale: string;
      receiptUrl: string | null;
      newLinkRequested: boolean;
    };

export type DevOutbox =
  /** Real providers (or production): there is no outbox. */
  | { kind: 'absent' }
  | { kind: 'sign_in' }
  | { kind: 'no_clinic' }
  | {
      kind: 'outbox';
      sent: Array<{
        id: string;
        channel: 'sms' | 'email';
        recipient: string;
        subject: string | null;
        body: string;
        html: string | null;
        createdAt: string;
      }>;
      waiting: Array<{
        id: string;
        channel: 'sms' | 'email';
        recipient: string;
        status: string;
        scheduledFor: string;
      }>;
    };

export type WebLoadContext = {
  caller: Caller;
  signedIn: boolean;
  requestId: string;
  /** PUBLIC_BASE_URL: our own origin, e.g. for judging a redirect target. */
  publicBaseUrl: string;
  signIn(email: string, password: string): Promise<SignInOutcome>;
  signOut(): Promise<string>;
  /** Staff invitations: who the link is for (null when unknown, used or expired), and accepting it. */
  invitation(token: string): Promise<{ name: string; email: string; clinicName: string } | null>;
  acceptInvitation(
    token: string,
    password: string,
    confirm: string,
  ): Promise<
    | { ok: true; email: string }
    | { ok: false; status: number; message: string; fieldErrors: Array<{ field: string; message: string }> }
  >;
  /**
   * What a failed caller call means: code, message and the fields at fault. (From the server's own
   * module instance: the Remix bundle's copy of the error classes wouldn't recognise them.)
   */
  describeError(error: unknown): {
    code: string;
    message: string;
    fieldErrors: Array<{ field: string; message: string }>;
  };
  /** One-click email unsubscribe (the message id is the token); null when unknown. */
  unsubscribe(messageId: string): Promise<{ clinicName: string } | null>;
  /** The dev outbox of the signed-in staff member's clinic (see server/dev-outbox.ts). */
  outbox(): Promise<DevOutbox>;
  patientLinks: {
    open(code: string): Promise<PatientLinkView>;
    peek(code: string): Promise<PatientLinkView>;
  };
};

declare module '@remix-run/node' {
  interface AppLoadContext {
    app: WebLoadContext;
  }
}
