// What Remix loaders and actions receive from the server: a tRPC caller bound to the request's
// credentials, and the sign-in/sign-out operations that set the cookie. Types only cross into the
// Remix bundle; the implementations live in server/app.ts.
import type { createCaller } from '@clinicpay/api';

export type Caller = ReturnType<typeof createCaller>;

export type SignInOutcome = { ok: true; setCookie: string } | { ok: false; status: number; message: string };

export type WebLoadContext = {
  caller: Caller;
  signedIn: boolean;
  requestId: string;
  signIn(email: string, password: string): Promise<SignInOutcome>;
  signOut(): Promise<string>;
};

declare module '@remix-run/node' {
  interface AppLoadContext {
    app: WebLoadContext;
  }
}
